import { KeyOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { STAFF_ROLE_LABELS, type StaffProfile, type StaffRole } from '@ygt/shared';
import { App, Button, Card, Empty, Input, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useRequest } from '../../api/useRequest';
import { LoadFailed, PageHeader } from '../../app/page';
import { listFacilities } from '../community/api';
import { listStaffAccounts } from './api';
import { CreateStaffModal } from './CreateStaffModal';
import { ResetPasswordModal } from './ResetPasswordModal';

/** 工作人员管理: community admins create staff accounts and reset forgotten passwords. */
export function StaffAccountsPage() {
  const { message } = App.useApp();
  const accounts = useRequest((signal) => listStaffAccounts(signal), []);
  const facilities = useRequest((signal) => listFacilities({}, signal), []);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<StaffProfile | null>(null);
  const [keyword, setKeyword] = useState('');

  const shown = useMemo(() => {
    const k = keyword.trim().toLowerCase();
    if (!k) return accounts.data ?? [];
    return (accounts.data ?? []).filter(
      (s) => s.username.includes(k) || s.name.includes(k) || s.facilities.some((f) => f.name.includes(k)),
    );
  }, [accounts.data, keyword]);

  const columns: TableColumnsType<StaffProfile> = [
    { title: '用户名', dataIndex: 'username', width: 150, render: (username: string) => <Typography.Text code>{username}</Typography.Text> },
    { title: '姓名', dataIndex: 'name', width: 110 },
    {
      title: '角色',
      dataIndex: 'roles',
      width: 170,
      render: (roles: StaffRole[]) => (
        <Space size={[4, 4]} wrap>
          {roles.map((role) => (
            <Tag key={role} bordered={false} color={role === 'community_admin' ? 'purple' : 'cyan'} style={{ margin: 0 }}>
              {STAFF_ROLE_LABELS[role] ?? role}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '所属机构',
      dataIndex: 'facilities',
      render: (list: StaffProfile['facilities']) => (
        <Space size={[4, 4]} wrap>
          {list.map((f) => (
            <Tag key={f.id} style={{ margin: 0 }}>
              {f.name}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '状态',
      dataIndex: 'disabled',
      width: 90,
      render: (disabled: boolean) => (disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      render: (_, staff) => (
        <Button size="small" icon={<KeyOutlined />} onClick={() => setResetting(staff)} data-testid={`staff-reset-${staff.username}`}>
          重置密码
        </Button>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="工作人员管理"
        description="医共体各机构的医护人员、药师和管理员账号。忘记密码或被锁定的账号，可在这里重置密码。"
        action={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="staff-create">
            新建账号
          </Button>
        }
      />

      {accounts.error ? (
        <LoadFailed what="账号列表" error={accounts.error} onRetry={accounts.reload} />
      ) : (
        <Card size="small">
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder="按用户名、姓名或机构查找"
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            style={{ maxWidth: 320, marginBottom: 12 }}
            data-testid="staff-search"
          />
          <Table<StaffProfile>
            data-testid="staff-table"
            rowKey="id"
            size="middle"
            loading={accounts.loading}
            columns={columns}
            dataSource={shown}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 个账号` }}
            locale={{
              emptyText: accounts.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={keyword ? '没有匹配的账号' : '暂无账号'} />,
            }}
            onRow={(staff) => ({ 'data-testid': 'staff-row', 'data-username': staff.username }) as HTMLAttributes<HTMLElement>}
          />
        </Card>
      )}

      <CreateStaffModal
        open={creating}
        facilities={facilities.data ?? []}
        facilitiesError={facilities.error}
        onClose={() => setCreating(false)}
        onCreated={(staff) => {
          setCreating(false);
          setKeyword('');
          message.success(`已创建 ${staff.name} 的账号（${staff.username}），请把用户名和初始密码告知本人`);
          accounts.reload();
        }}
      />
      <ResetPasswordModal
        staff={resetting}
        onClose={() => setResetting(null)}
        onReset={(staff) => {
          setResetting(null);
          message.success(`已重置 ${staff.name}（${staff.username}）的密码`);
          accounts.reload();
        }}
      />
    </Space>
  );
}
