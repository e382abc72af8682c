import { ApiOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { LoadFailed, PageHeader } from '../../app/page';
import { listFacilities } from '../community/api';
import { dateTimeOf } from '../prescriptions/format';
import { listInteropClients, rotateInteropSecret, setInteropClientDisabled, type InteropClient, type InteropClientSecret } from './api';
import { CreateClientModal } from './CreateClientModal';
import { SecretModal } from './SecretModal';

/**
 * 对接系统: community admins connect a member facility's LIS, PACS or ECG system (an OAuth2
 * client that pushes FHIR R4 or HL7 v2), change a leaked secret, or stop a system.
 */
export function InteropClientsPage() {
  const { message } = App.useApp();
  const clients = useRequest((signal) => listInteropClients(signal), []);
  const facilities = useRequest((signal) => listFacilities({}, signal), []);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ client: InteropClientSecret; rotated: boolean } | null>(null);
  const [busy, setBusy] = useState<string>();

  const act = async (client: InteropClient, action: () => Promise<unknown>, done: string) => {
    setBusy(client.clientId);
    try {
      await action();
      if (done) void message.success(done);
      clients.reload();
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setBusy(undefined);
    }
  };

  const columns: TableColumnsType<InteropClient> = [
    { title: '系统名称', dataIndex: 'name' },
    { title: '机构', key: 'facility', render: (_, c) => c.facility.name },
    { title: 'client_id', dataIndex: 'clientId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
    {
      title: '状态',
      dataIndex: 'disabled',
      width: 90,
      render: (disabled: boolean) => (disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">启用</Tag>),
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 150, render: (at: number) => dateTimeOf(at) },
    {
      title: '操作',
      key: 'actions',
      width: 200,
      render: (_, c) => (
        <Space size={8}>
          <Popconfirm
            title="更换密钥？"
            description="旧密钥和已发放的令牌立即失效，对方系统需配置新密钥后才能继续推送。"
            okText="更换"
            cancelText="取消"
            onConfirm={() =>
              act(
                c,
                async () => setSecret({ client: await rotateInteropSecret(c.clientId), rotated: true }),
                '',
              )
            }
            okButtonProps={{ 'data-testid': 'interop-rotate-confirm' }}
          >
            <Button size="small" icon={<KeyOutlined />} loading={busy === c.clientId} data-testid="interop-rotate">
              更换密钥
            </Button>
          </Popconfirm>
          {c.disabled ? (
            <Button size="small" onClick={() => act(c, () => setInteropClientDisabled(c.clientId, false), `已启用 ${c.name}`)} data-testid="interop-enable">
              启用
            </Button>
          ) : (
            <Popconfirm
              title="停用该系统？"
              description="停用后它不能再获取令牌或推送结果；已收到的结果不受影响。"
              okText="停用"
              okButtonProps={{ danger: true, 'data-testid': 'interop-disable-confirm' }}
              cancelText="取消"
              onConfirm={() => act(c, () => setInteropClientDisabled(c.clientId, true), `已停用 ${c.name}`)}
            >
              <Button size="small" danger data-testid="interop-disable">
                停用
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title={
          <>
            <ApiOutlined style={{ marginRight: 8 }} />
            对接系统
          </>
        }
        description="各成员机构的检验（LIS）、影像（PACS）和心电系统，用这里发放的 client_id 和密钥获取令牌，通过 FHIR R4 或 HL7 v2 推送结果。"
        action={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="interop-create">
            新建客户端
          </Button>
        }
      />

      {clients.error ? (
        <LoadFailed what="对接系统" error={clients.error} onRetry={clients.reload} />
      ) : (
        <Card size="small">
          <Table<InteropClient>
            data-testid="interop-table"
            rowKey="clientId"
            size="middle"
            loading={clients.loading}
            columns={columns}
            dataSource={clients.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: clients.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有对接的系统" /> }}
            onRow={(c) => ({ 'data-testid': 'interop-row', 'data-client-id': c.clientId }) as HTMLAttributes<HTMLElement>}
          />
        </Card>
      )}

      <CreateClientModal
        open={creating}
        facilities={facilities.data ?? []}
        onClose={() => setCreating(false)}
        onCreated={(client) => {
          setCreating(false);
          setSecret({ client, rotated: false });
          clients.reload();
        }}
      />
      <SecretModal client={secret?.client ?? null} rotated={secret?.rotated ?? false} onClose={() => setSecret(null)} />
    </Space>
  );
}
