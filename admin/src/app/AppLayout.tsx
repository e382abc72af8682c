import { BankOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { STAFF_ROLE_LABELS, type StaffProfile } from '@ygt/shared';
import { Button, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSession } from '../features/auth/session';
import { navItemsFor } from './nav';
import { BRAND_COLOR } from './theme';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { staff, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [narrow, setNarrow] = useState(false);
  const items = navItemsFor(staff);
  const selected = items.find((item) => location.pathname.startsWith(item.path))?.key;

  const logout = () => {
    signOut();
    navigate('/login');
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* On narrow screens the menu shrinks to its icons rather than hiding behind a toggle. */}
      <Sider
        theme="light"
        width={208}
        breakpoint="lg"
        collapsedWidth={64}
        collapsed={narrow}
        onBreakpoint={setNarrow}
        trigger={null}
        style={{ borderRight: '1px solid #e5ecec' }}
      >
        <div style={{ padding: narrow ? '18px 0 14px' : '18px 20px 14px', textAlign: narrow ? 'center' : 'left' }}>
          <Typography.Title level={4} style={{ margin: 0, color: BRAND_COLOR }}>
            {narrow ? '医' : '医共通'}
          </Typography.Title>
          {!narrow && <Typography.Text type="secondary">县域医共体工作台</Typography.Text>}
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          style={{ borderInlineEnd: 'none' }}
          items={items.map((item) => ({
            key: item.key,
            icon: item.icon,
            label: (
              <Link to={item.path} data-testid={`nav-${item.key}`}>
                {item.label}
              </Link>
            ),
          }))}
        />
      </Sider>
      <Layout>
        <Header style={{ display: 'flex', justifyContent: 'flex-end', alignItems: 'center', borderBottom: '1px solid #e5ecec' }}>
          {staff ? (
            <Space size="middle">
              <Space size={6}>
                <UserOutlined />
                <Typography.Text strong data-testid="current-user">
                  {staff.name}
                </Typography.Text>
                {staff.roles.map((role) => (
                  <Tag key={role} bordered={false} color="cyan" style={{ marginInlineEnd: 0 }}>
                    {STAFF_ROLE_LABELS[role] ?? role}
                  </Tag>
                ))}
              </Space>
              <StaffFacilities facilities={staff.facilities} />
              <Button icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
                退出
              </Button>
            </Space>
          ) : (
            <Space size="middle">
              <Typography.Text type="secondary">未登录，仅可浏览公开信息</Typography.Text>
              <Button type="primary" icon={<LoginOutlined />} onClick={() => navigate('/login')} data-testid="login-link">
                登录
              </Button>
            </Space>
          )}
        </Header>
        <Content style={{ padding: 24 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}

/** The facilities a staff member works for: what they may see depends on them, so they stay in view. */
function StaffFacilities({ facilities }: { facilities: StaffProfile['facilities'] }) {
  if (facilities.length === 0) return null;
  const all = facilities.map((f) => f.name).join('、');
  // A township nurse may serve the centre and all its village clinics: name the first, count the rest.
  const shown = facilities.length <= 2 ? all : `${facilities[0].name} 等 ${facilities.length} 个机构`;
  return (
    <Tooltip title={facilities.length > 2 ? all : undefined}>
      <Space size={6} data-testid="current-facilities">
        <BankOutlined style={{ color: '#8c8c8c' }} />
        <Typography.Text type="secondary">{shown}</Typography.Text>
      </Space>
    </Tooltip>
  );
}
