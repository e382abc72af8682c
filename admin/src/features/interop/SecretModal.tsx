import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import type { InteropClientSecret } from './api';

/**
 * The one time a client's secret is shown (only its hash is kept), with what the facility's
 * engineer needs to connect: where to get a token and where to send FHIR R4 or HL7 v2.
 */
export function SecretModal({ client, rotated, onClose }: { client: InteropClientSecret | null; rotated: boolean; onClose: () => void }) {
  const origin = window.location.origin;
  return (
    <Modal
      open={client !== null}
      title={rotated ? '新密钥已生成' : '对接客户端已创建'}
      onCancel={onClose}
      maskClosable={false}
      // The secret leaves the page once the modal is closed.
      destroyOnHidden
      width={640}
      footer={
        <Button type="primary" onClick={onClose} data-testid="interop-secret-done">
          我已妥善保存
        </Button>
      }
    >
      {client && (
        <>
          <Alert
            type="warning"
            showIcon
            style={{ margin: '12px 0 16px' }}
            message="密钥只显示这一次，关闭后无法再次查看"
            description={rotated ? '旧密钥和已发放的访问令牌已立即失效，请尽快把新密钥配置到对方系统。' : '请复制后通过安全渠道交给该机构的系统工程师；遗失时可“更换密钥”。'}
          />
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 150 } }}>
            <Descriptions.Item label="机构">{client.facility.name}</Descriptions.Item>
            <Descriptions.Item label="client_id">
              <Typography.Text code copyable data-testid="interop-secret-client-id">
                {client.clientId}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="client_secret">
              <Typography.Text code copyable data-testid="interop-secret-value">
                {client.clientSecret}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="获取令牌（OAuth2）">
              <Typography.Text copyable>{`${origin}/oauth2/token`}</Typography.Text>
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                grant_type=client_credentials
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="FHIR R4">
              <Typography.Text copyable>{`${origin}/fhir/R4`}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="HL7 v2（ORU^R01）">
              <Typography.Text copyable>{`${origin}/interop/hl7v2`}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Modal>
  );
}
