import { ResetPasswordSchema, type StaffProfile } from '@ygt/shared';
import { Alert, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { schemaRule, showFieldError } from '../../app/forms';
import { resetStaffPassword } from './api';
import { generatePassword } from './password';

interface ResetPasswordForm {
  password: string;
  confirm: string;
}

interface ResetPasswordModalProps {
  /** The account whose password is reset; null closes the modal. */
  staff: StaffProfile | null;
  onClose: () => void;
  onReset: (staff: StaffProfile) => void;
}

export function ResetPasswordModal({ staff, onClose, onReset }: ResetPasswordModalProps) {
  const [form] = Form.useForm<ResetPasswordForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  // A generated password is shown, so it can be read out to its owner.
  const [passwordShown, setPasswordShown] = useState(false);

  const submit = async ({ password }: ResetPasswordForm) => {
    if (!staff) return;
    setSubmitting(true);
    setError(undefined);
    try {
      onReset(await resetStaffPassword(staff.id, password));
    } catch (err) {
      if (!showFieldError(form, err, ['password'])) setError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  const fillGenerated = () => {
    const password = generatePassword();
    form.setFields([
      { name: 'password', value: password, errors: [] },
      { name: 'confirm', value: password, errors: [] },
    ]);
    setPasswordShown(true);
  };

  return (
    <Modal
      title={staff ? `重置密码：${staff.name}（${staff.username}）` : '重置密码'}
      open={staff !== null}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      afterClose={() => {
        setError(undefined);
        setPasswordShown(false);
      }}
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="submit" type="primary" danger loading={submitting} onClick={() => form.submit()} data-testid="staff-reset-confirm">
          确认重置
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
        重置后原密码立即失效；如该账号因多次输错密码被锁定，也会同时解锁。请把新密码当面告知本人。
      </Typography.Paragraph>
      <Form<ResetPasswordForm> form={form} layout="vertical" onFinish={submit} onValuesChange={() => setError(undefined)} preserve={false}>
        <Form.Item label="新密码" required extra="至少10位，须同时包含字母和数字">
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="password"
              noStyle
              rules={[{ required: true, message: '请输入新密码' }, schemaRule(ResetPasswordSchema.shape.password)]}
            >
              <Input.Password
                autoComplete="new-password"
                autoFocus
                visibilityToggle={{ visible: passwordShown, onVisibleChange: setPasswordShown }}
                data-testid="staff-reset-password"
              />
            </Form.Item>
            <Button onClick={fillGenerated}>随机生成</Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item
          label="再次输入新密码"
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_, value: string | undefined) => {
                if (value && value !== getFieldValue('password')) throw new Error('两次输入的密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" data-testid="staff-reset-password-confirm" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="staff-reset-error" />}
    </Modal>
  );
}
