import type { PaymentOrderState, RefundState, StaffPaymentRecord } from '@ygt/shared';
import { Alert, Button, Descriptions, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useRequest } from '../../api/useRequest';
import { dateTimeOf, yuan } from '../booking/format';
import { listPaymentRecords } from './api';

const ORDER_STATE_COLORS: Record<PaymentOrderState, string> = {
  created: 'gold',
  paying: 'gold',
  paid: 'green',
  refunding: 'orange',
  partially_refunded: 'blue',
  refunded: 'blue',
  closed: 'default',
};

const REFUND_STATE_COLORS: Record<RefundState, string> = {
  requested: 'orange',
  processing: 'orange',
  succeeded: 'green',
  closed: 'default',
  abnormal: 'red',
};

const SOURCE_LABELS: Record<string, string> = {
  notification: '微信支付通知',
  query: '主动查询',
  api: '接口应答',
  demo: '演示支付',
  system: '系统',
};

/** 支付与退款记录 of one payable: each order, its refunds, and every ledger event. */
export function PaymentRecords({ payableType, payableId, emptyText }: { payableType: string; payableId: string; emptyText: string }) {
  const records = useRequest((signal) => listPaymentRecords(payableType, payableId, signal), [payableType, payableId]);

  if (records.error) {
    return (
      <Alert
        type="error"
        showIcon
        message="支付记录没有加载出来"
        description={records.error}
        action={
          <Button size="small" onClick={records.reload}>
            重试
          </Button>
        }
      />
    );
  }
  if (!records.data) {
    return (
      <Spin tip="正在加载支付记录…">
        <div style={{ height: 60 }} />
      </Spin>
    );
  }
  if (records.data.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} data-testid="payment-empty" />;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {records.data.map((order) => (
        <OrderRecord key={order.id} order={order} />
      ))}
    </Space>
  );
}

function OrderRecord({ order }: { order: StaffPaymentRecord }) {
  return (
    <div data-testid="payment-order" data-order-id={order.id}>
      <Space size={8} wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {yuan(order.amountFen)}
        </Typography.Text>
        <Tag color={ORDER_STATE_COLORS[order.state]} data-testid="payment-state">
          {order.stateLabel}
        </Tag>
        {order.provider === 'demo' && <Tag color="purple">演示支付，不会真实扣款</Tag>}
      </Space>
      <Descriptions size="small" column={1} styles={{ label: { width: 96 } }}>
        <Descriptions.Item label="支付内容">{order.description}</Descriptions.Item>
        <Descriptions.Item label="商户订单号">
          <Typography.Text copyable>{order.outTradeNo}</Typography.Text>
        </Descriptions.Item>
        {order.transactionId && (
          <Descriptions.Item label={order.provider === 'demo' ? '演示交易号' : '微信支付单号'}>
            <Typography.Text copyable>{order.transactionId}</Typography.Text>
          </Descriptions.Item>
        )}
        <Descriptions.Item label="支付时间">{order.paidAt ? dateTimeOf(order.paidAt) : <Typography.Text type="secondary">未支付</Typography.Text>}</Descriptions.Item>
        {order.closedAt && <Descriptions.Item label="关闭时间">{dateTimeOf(order.closedAt)}</Descriptions.Item>}
        {order.refundedFen > 0 && <Descriptions.Item label="已退金额">{yuan(order.refundedFen)}</Descriptions.Item>}
      </Descriptions>

      {order.refunds.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            退款
          </Typography.Title>
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            {order.refunds.map((r) => (
              <div key={r.id} data-testid="payment-refund" style={{ padding: '8px 12px', background: '#fafafa', borderRadius: 6 }}>
                <Space size={8} wrap>
                  <Typography.Text strong>{yuan(r.amountFen)}</Typography.Text>
                  <Tag color={REFUND_STATE_COLORS[r.state]} data-testid="payment-refund-state">
                    {r.stateLabel}
                  </Tag>
                  <Typography.Text type="secondary">{r.reason}</Typography.Text>
                </Space>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    申请于 {dateTimeOf(r.requestedAt)}
                    {r.succeededAt ? ` · 到账于 ${dateTimeOf(r.succeededAt)}` : ''}
                    {r.receivedAccount ? ` · 退回至 ${r.receivedAccount}` : ''} · 退款单号 {r.outRefundNo}
                  </Typography.Text>
                </div>
              </div>
            ))}
          </Space>
        </>
      )}

      <Typography.Title level={5} style={{ marginTop: 12 }}>
        资金流水
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={order.ledger}
        data-testid="payment-ledger"
        columns={[
          { title: '时间', dataIndex: 'at', width: 130, render: (at: number) => dateTimeOf(at) },
          { title: '事件', dataIndex: 'eventLabel' },
          { title: '来源', dataIndex: 'source', width: 110, render: (s: string) => SOURCE_LABELS[s] ?? s },
          { title: '金额', dataIndex: 'amountFen', width: 80, align: 'right', render: (fen: number | null) => (fen === null ? '—' : yuan(fen)) },
        ]}
      />
    </div>
  );
}
