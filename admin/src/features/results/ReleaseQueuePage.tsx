import { ExclamationCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useRequest } from '../../api/useRequest';
import { listReleaseQueue, type ReleaseQueueItem } from './api';
import { facilityText, formatDateTime } from './format';
import { ResultDrawer } from './ResultDrawer';
import { UnmatchedCard } from './UnmatchedCard';

/**
 * 待发布结果: reports held for a doctor (critical values, or categories a doctor explains first),
 * done or read at the doctor's facilities. Names are masked here; opening one is audited.
 */
export function ReleaseQueuePage() {
  const queue = useRequest((signal) => listReleaseQueue(signal), []);
  const [openId, setOpenId] = useState<string | null>(null);

  const columns: TableColumnsType<ReleaseQueueItem> = [
    { title: '收到时间', dataIndex: 'receivedAt', width: 150, render: (at: number) => formatDateTime(at) },
    {
      title: '报告',
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.category === 'lab' ? '采样' : '检查'} {formatDateTime(r.effectiveAt)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '患者',
      dataIndex: 'patientName',
      width: 110,
      render: (patientName: string, r) => (r.matched ? patientName : <Tag color="default">{patientName}（待匹配）</Tag>),
    },
    { title: '机构', key: 'facility', render: (_, r) => facilityText(r) },
    {
      title: '待发布原因',
      key: 'reason',
      render: (_, r) => (
        <Space direction="vertical" size={4}>
          <Typography.Text type={r.holdReason === 'critical' ? 'danger' : undefined}>{r.holdReasonLabel}</Typography.Text>
          {r.criticalItems.length > 0 && (
            <Space size={[4, 4]} wrap>
              {r.criticalItems.map((c) => (
                <Tag key={c.name} color="red" icon={<ExclamationCircleOutlined />} style={{ margin: 0 }}>
                  {c.name} {c.flagWord}
                </Tag>
              ))}
            </Space>
          )}
        </Space>
      ),
    },
    { title: '版本', dataIndex: 'version', width: 80, render: (v: number) => <Tag style={{ margin: 0 }}>第{v}版</Tag> },
    {
      title: '操作',
      key: 'actions',
      width: 120,
      render: (_, r) => (
        <Button type="primary" size="small" onClick={() => setOpenId(r.id)} data-testid="release-open">
          审核发布
        </Button>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', gap: 16, flexWrap: 'wrap' }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            待发布结果
          </Typography.Title>
          <Typography.Text type="secondary">含危急值或需医生解读的报告，居民在医生审核发布前看不到。危急值请先按规定电话通知患者或家属。</Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={queue.reload} loading={queue.loading} data-testid="release-queue-refresh">
          刷新
        </Button>
      </div>
      <Card>
        {queue.error ? (
          <Alert type="error" showIcon message={queue.error} action={<Button size="small" onClick={queue.reload}>重试</Button>} />
        ) : (
          <Table<ReleaseQueueItem>
            rowKey="id"
            loading={queue.loading}
            columns={columns}
            dataSource={queue.data ?? []}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待发布的报告" /> }}
            onRow={(r) => ({ 'data-testid': 'release-row', 'data-report-id': r.id }) as HTMLAttributes<HTMLElement>}
            data-testid="release-queue-table"
          />
        )}
      </Card>
      <UnmatchedCard />
      <ResultDrawer reportId={openId} onClose={() => setOpenId(null)} canRelease onChanged={queue.reload} />
    </Space>
  );
}
