import { Alert, Button, Card, Empty, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { HTMLAttributes } from 'react';
import { useRequest } from '../../api/useRequest';
import { listUnmatched, type UnmatchedResult } from './api';
import { formatDateTime } from './format';

/**
 * 待匹配患者的报告: what this facility sent for someone the community cannot match to a resident.
 * A new resident's reports attach themselves once the family adds them; a name that disagrees
 * with the ID number needs the sending facility to correct and resend.
 */
export function UnmatchedCard() {
  const unmatched = useRequest((signal) => listUnmatched(signal), []);
  const columns: TableColumnsType<UnmatchedResult> = [
    { title: '收到时间', dataIndex: 'receivedAt', width: 150, render: (at: number) => formatDateTime(at) },
    { title: '报告', dataIndex: 'name', render: (name: string, r) => `${name}（${r.performingFacility.shortName}）` },
    { title: '患者', key: 'patient', width: 190, render: (_, r) => `${r.patientName} ${r.idNumber}` },
    {
      title: '原因与处理',
      dataIndex: 'reasonLabel',
      render: (label: string, r) => (
        <span>
          <Tag color={r.reason === 'name_mismatch' ? 'orange' : 'default'} bordered={false}>
            {r.reason === 'name_mismatch' ? '姓名不符' : '未建档'}
          </Tag>
          {label}
        </span>
      ),
    },
  ];
  return (
    <Card
      title={
        <span>
          待匹配患者的报告
          {unmatched.data && unmatched.data.length > 0 && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 8 }}>
              {unmatched.data.length}
            </Typography.Text>
          )}
        </span>
      }
      extra={<Typography.Text type="secondary">本机构发送、还没对上居民档案的报告；居民在此之前看不到</Typography.Text>}
      data-testid="unmatched-card"
    >
      {unmatched.error ? (
        <Alert type="error" showIcon message={unmatched.error} action={<Button size="small" onClick={unmatched.reload}>重试</Button>} />
      ) : (
        <Table<UnmatchedResult>
          rowKey="id"
          size="small"
          loading={unmatched.loading}
          columns={columns}
          dataSource={unmatched.data ?? []}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有待匹配的报告" /> }}
          onRow={(r) => ({ 'data-testid': 'unmatched-row', 'data-report-id': r.id }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </Card>
  );
}
