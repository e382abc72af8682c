import { ReloadOutlined } from '@ant-design/icons';
import type { RenewalQueueItem, RenewalStatus } from '@ygt/shared';
import { Alert, Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useRequest } from '../../api/useRequest';
import { listRenewalQueue } from './api';
import { dateTimeOf } from './format';
import { RenewalDrawer } from './RenewalDrawer';

const TABS: { key: RenewalStatus; label: string; empty: string }[] = [
  { key: 'pending_review', label: '待审核', empty: '没有等待审核的续方申请' },
  { key: 'needs_visit', label: '需面诊', empty: '没有需要面诊评估的患者' },
  { key: 'approved', label: '已通过', empty: '还没有通过的续方' },
  { key: 'rejected', label: '未通过', empty: '还没有未通过的续方' },
];

/** 续方审核: renewal requests of patients at the doctor's facilities, the contracted team's first. */
export function RenewalsPage() {
  const [status, setStatus] = useState<RenewalStatus>('pending_review');
  const [openId, setOpenId] = useState<string>();
  const queue = useRequest((signal) => listRenewalQueue(status, signal), [status]);
  const tab = TABS.find((t) => t.key === status)!;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 1100 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          续方审核
        </Typography.Title>
        <Typography.Text type="secondary">
          居民在小程序里申请续开长期处方。本团队签约的患者排在前面。打开申请会记入居民可见的访问记录。
        </Typography.Text>
      </div>

      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Tabs
          activeKey={status}
          onChange={(key) => setStatus(key as RenewalStatus)}
          style={{ marginBottom: -16 }}
          items={TABS.map((t) => ({ key: t.key, label: <span data-testid={`renewal-tab-${t.key}`}>{t.label}</span> }))}
        />
        <Button icon={<ReloadOutlined />} onClick={queue.reload} data-testid="renewal-reload">
          刷新
        </Button>
      </Space>

      {queue.error ? (
        <Alert type="error" showIcon message="队列没有加载出来" description={queue.error} action={<Button onClick={queue.reload}>重试</Button>} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<RenewalQueueItem>
            rowKey="id"
            loading={queue.loading}
            dataSource={queue.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: tab.empty }}
            onRow={(row) => ({ 'data-testid': 'renewal-row', 'data-renewal-id': row.id, onClick: () => setOpenId(row.id), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: '患者',
                render: (_, row) => (
                  <Space size={8}>
                    <Typography.Text strong style={{ fontSize: 15 }}>
                      {row.patientName}
                    </Typography.Text>
                    {row.myTeam && (
                      <Tag color="green" bordered={false} data-testid="renewal-my-team">
                        本团队签约
                      </Tag>
                    )}
                    {row.returnedByPharmacist && (
                      <Tag color="red" bordered={false}>
                        药师退回
                      </Tag>
                    )}
                  </Space>
                ),
              },
              { title: '家庭医生团队', render: (_, row) => row.familyDoctorTeam ?? <Typography.Text type="secondary">未签约</Typography.Text> },
              { title: '取药方式', width: 110, render: (_, row) => (row.fulfilment === 'pickup' ? '到卫生室取' : '快递到家') },
              { title: '申请时间', width: 160, render: (_, row) => dateTimeOf(row.requestedAt) },
              {
                title: '',
                width: 100,
                render: (_, row) => (
                  <Button type={status === 'pending_review' ? 'primary' : 'default'} size="small" onClick={() => setOpenId(row.id)}>
                    {status === 'pending_review' ? '审核' : '查看'}
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      )}

      <RenewalDrawer
        renewalId={openId}
        onClose={() => setOpenId(undefined)}
        onDecided={() => {
          setOpenId(undefined);
          queue.reload();
        }}
      />
    </Space>
  );
}
