import { ApartmentOutlined, ExperimentOutlined, LockOutlined, UserOutlined } from '@ant-design/icons';
import { STAFF_ROLE_LABELS, type Health } from '@ygt/shared';
import { Alert, Button, Card, Divider, Form, Input, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { homePathFor } from '../../app/nav';
import { BRAND_COLOR } from '../../app/theme';
import { loginStaff } from './api';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demoAccounts';
import { useSession } from './session';

/** Location state of /login: the page to return to after signing in. */
export interface LoginState {
  from?: string;
}

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const [form] = Form.useForm<LoginForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  const submitButton = useRef<HTMLButtonElement>(null);
  const { signIn } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as LoginState | null)?.from;
  // Demo accounts exist only in demo mode; while the mode is unknown, assume the demo.
  const health = useRequest((signal) => api.get<Health>('/health', { signal }), []);
  const isProduction = health.data?.mode === 'production';
  const username = Form.useWatch('username', form);

  const submit = async ({ username, password }: LoginForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const session = await loginStaff(username.trim(), password);
      signIn(session);
      navigate(from ?? homePathFor(session.staff), { replace: true });
    } catch (err) {
      // One place for every sign-in failure: a wrong password is about the pair, not one field.
      setError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  const fillDemoAccount = (account: DemoAccount) => {
    form.setFieldsValue({ username: account.username, password: DEMO_PASSWORD });
    setError(undefined);
    // Enter now signs in.
    submitButton.current?.focus();
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        justifyContent: 'center',
        alignContent: 'center',
        gap: 24,
        padding: 24,
        background: 'linear-gradient(160deg, #e3f1ef 0%, #f3f6f6 60%)',
      }}
    >
      <Card style={{ width: 400, maxWidth: '100%' }} styles={{ body: { padding: 32 } }}>
        <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 4, color: BRAND_COLOR }}>
          医共通 · 工作台
        </Typography.Title>
        <Typography.Paragraph type="secondary">县域医共体医护人员、药师和管理员登录</Typography.Paragraph>

        <Form<LoginForm> form={form} layout="vertical" requiredMark={false} onFinish={submit} onValuesChange={() => setError(undefined)}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
          <Button ref={submitButton} type="primary" htmlType="submit" block size="large" loading={submitting} data-testid="login-submit">
            登录
          </Button>
        </Form>

        <Divider plain style={{ margin: '20px 0 12px' }}>
          <Typography.Text type="secondary">无需登录</Typography.Text>
        </Divider>
        <Button block icon={<ApartmentOutlined />} onClick={() => navigate('/facilities')} data-testid="browse-facilities">
          先浏览机构信息
        </Button>
      </Card>

      {!isProduction && (
        <Card
          size="small"
          style={{ width: 470, maxWidth: '100%' }}
          title={
            <span>
              <ExperimentOutlined style={{ color: BRAND_COLOR, marginRight: 8 }} />
              演示账号
            </span>
          }
          extra={<Typography.Text type="secondary">仅演示模式</Typography.Text>}
          data-testid="demo-accounts"
        >
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            点击一个账号填入登录表单，密码均为 <Typography.Text code>{DEMO_PASSWORD}</Typography.Text>
          </Typography.Paragraph>
          {DEMO_ACCOUNTS.map((account) => (
            <DemoAccountRow
              key={account.username}
              account={account}
              selected={username === account.username}
              onPick={() => fillDemoAccount(account)}
            />
          ))}
        </Card>
      )}
    </div>
  );
}

function DemoAccountRow({ account, selected, onPick }: { account: DemoAccount; selected: boolean; onPick: () => void }) {
  return (
    <Button
      type="text"
      block
      onClick={onPick}
      data-testid={`demo-account-${account.username}`}
      aria-pressed={selected}
      style={{
        display: 'flex',
        justifyContent: 'flex-start',
        gap: 8,
        height: 'auto',
        padding: '6px 10px',
        margin: '2px 0',
        background: selected ? '#e7f2f1' : undefined,
        boxShadow: selected ? 'inset 0 0 0 1px #9dcac8' : undefined,
      }}
    >
      <Typography.Text strong style={{ width: 116, flex: 'none', textAlign: 'left', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}>
        {account.username}
      </Typography.Text>
      <Tag bordered={false} color={account.role === 'community_admin' ? 'purple' : 'cyan'} style={{ margin: 0, flex: 'none' }}>
        {account.job ?? STAFF_ROLE_LABELS[account.role]}
      </Tag>
      <Typography.Text type="secondary" ellipsis={{ tooltip: account.facility }} style={{ minWidth: 0 }}>
        {account.facility}
      </Typography.Text>
    </Button>
  );
}
