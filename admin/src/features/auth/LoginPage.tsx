import { ApartmentOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import type { Health } from '@ygt/shared';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { BRAND_COLOR } from '../../app/theme';
import { loginStaff } from './api';
import { useSession } from './session';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const { signIn } = useSession();
  const navigate = useNavigate();
  // Demo accounts exist only in demo mode; while the mode is unknown, assume the demo.
  const health = useRequest((signal) => api.get<Health>('/health', { signal }), []);
  const isProduction = health.data?.mode === 'production';

  const submit = async ({ username, password }: LoginForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      signIn(await loginStaff(username.trim(), password));
      navigate('/facilities', { replace: true });
    } catch (err) {
      // One place for every sign-in failure: a wrong password is about the pair, not one field.
      setError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 24,
        background: 'linear-gradient(160deg, #e3f1ef 0%, #f3f6f6 60%)',
      }}
    >
      <Card style={{ width: 400, maxWidth: '100%' }} styles={{ body: { padding: 32 } }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4, color: BRAND_COLOR }}>
          医共通 · 工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary">县域医共体医护人员、药师和管理员登录</Typography.Paragraph>

        <Form<LoginForm> layout="vertical" requiredMark={false} onFinish={submit} onValuesChange={() => setError(undefined)}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Button type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="login-submit">
            登录
          </Button>
        </Form>

        {!isProduction && (
          <Alert
            type="info"
            style={{ marginTop: 20 }}
            message="演示账号"
            description="演示模式下可使用种子账号登录（见 README）"
            data-testid="demo-accounts"
          />
        )}

        <Divider plain style={{ margin: '20px 0 12px' }}>
          <Typography.Text type="secondary">无需登录</Typography.Text>
        </Divider>
        <Button block icon={<ApartmentOutlined />} onClick={() => navigate('/facilities')} data-testid="browse-facilities">
          先浏览机构信息
        </Button>
      </Card>
    </div>
  );
}
