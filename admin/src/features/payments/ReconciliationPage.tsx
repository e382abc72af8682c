import { CheckCircleOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { addDays, type ReconciliationSummary } from '@ygt/shared';
import { Alert, Button, Card, Col, DatePicker, List, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRequest } from '../../api/useRequest';
import { dayLabel, todayInShanghai, yuan } from '../booking/format';
import { useDateParam } from '../booking/FacilityDatePicker';
import { getReconciliation } from './api';

interface AttentionItem {
  key: keyof ReconciliationSummary['attention'];
  title: string;
  explain: string;
  serious: boolean;
}

const ATTENTION: AttentionItem[] = [
  { key: 'refundsAbnormal', title: '退款异常', explain: '居民的银行卡已注销或冻结，退款没能原路退回，需要财务人工处理。', serious: true },
  { key: 'refusedNotifications', title: '被拒绝的支付通知', explain: '验签失败、金额不符或订单不存在的通知，已拒收且没有改动任何订单；数量多时请联系技术人员。', serious: true },
  { key: 'refundsOpen', title: '退款处理中', explain: '已向微信支付申请、还没有结果的退款，系统会自动查询，一般几分钟到一天内到账。', serious: false },
  { key: 'overdueUnpaid', title: '超时未关闭的订单', explain: '已过支付期限还没关闭的订单，对账任务会自动向微信支付查询并关闭。', serious: false },
];

/** 对账: one Beijing-time day of money for community admins: paid, refunded, net, and what needs a person. */
export function ReconciliationPage() {
  const today = todayInShanghai();
  const [date, setDate] = useDateParam('date', today);
  const summary = useRequest((signal) => getReconciliation(date, signal), [date]);
  const s = summary.data;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 1000 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          对账
        </Typography.Title>
        <Typography.Text type="secondary">全医共体线上收费（挂号费、处方自付费用）按北京时间每日汇总：收了多少、退了多少、哪些需要人工处理。</Typography.Text>
      </div>

      <Card size="small">
        <Space wrap size={[12, 10]}>
          <DatePicker
            allowClear={false}
            value={dayjs(date)}
            onChange={(d) => d && setDate(d.format('YYYY-MM-DD'))}
            disabledDate={(d) => d.format('YYYY-MM-DD') > today}
            data-testid="recon-date"
          />
          <Button onClick={() => setDate(today)} type={date === today ? 'primary' : 'default'} ghost={date === today}>
            今天
          </Button>
          <Button onClick={() => setDate(addDays(today, -1))} type={date === addDays(today, -1) ? 'primary' : 'default'} ghost={date === addDays(today, -1)}>
            昨天
          </Button>
          <Button icon={<ReloadOutlined />} onClick={summary.reload}>
            刷新
          </Button>
          <Typography.Text strong>{dayLabel(date, today)}</Typography.Text>
          {s?.provider === 'demo' && <Tag color="purple">演示支付：不会真实扣款</Tag>}
        </Space>
      </Card>

      {summary.error ? (
        <Alert
          type="error"
          showIcon
          message="对账汇总没有加载出来"
          description={summary.error}
          action={
            <Button size="small" onClick={summary.reload}>
              重试
            </Button>
          }
        />
      ) : !s ? (
        <Card>
          <Spin tip="正在汇总…">
            <div style={{ height: 80 }} />
          </Spin>
        </Card>
      ) : (
        <Spin spinning={summary.loading}>
          <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="recon-summary">
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={`收款（${s.paid.count}笔）`} value={yuan(s.paid.amountFen)} valueStyle={{ color: '#389e0d' }} data-testid="recon-paid" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title={`退款（${s.refunded.count}笔）`} value={yuan(s.refunded.amountFen)} valueStyle={{ color: '#cf1322' }} data-testid="recon-refunded" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title="当日实收（收款 − 退款）" value={yuan(s.netFen)} data-testid="recon-net" />
                </Card>
              </Col>
              <Col xs={12} md={6}>
                <Card>
                  <Statistic title="未支付关闭的订单" value={s.closed} suffix={`/ 新建 ${s.ordersCreated} 笔`} data-testid="recon-closed" />
                </Card>
              </Col>
            </Row>

            <Card size="small" title="按收费项目">
              <Table
                size="small"
                rowKey="payableType"
                pagination={false}
                dataSource={s.byPayableType}
                locale={{ emptyText: '这天没有收费' }}
                columns={[
                  { title: '项目', dataIndex: 'label' },
                  { title: '收款笔数', key: 'pc', align: 'right', render: (_, r) => r.paid.count },
                  { title: '收款金额', key: 'pa', align: 'right', render: (_, r) => yuan(r.paid.amountFen) },
                  { title: '退款笔数', key: 'rc', align: 'right', render: (_, r) => r.refunded.count },
                  { title: '退款金额', key: 'ra', align: 'right', render: (_, r) => yuan(r.refunded.amountFen) },
                  { title: '实收', key: 'net', align: 'right', render: (_, r) => yuan(r.paid.amountFen - r.refunded.amountFen) },
                ]}
              />
            </Card>

            <AttentionCard summary={s} />
          </Space>
        </Spin>
      )}
    </Space>
  );
}

function AttentionCard({ summary }: { summary: ReconciliationSummary }) {
  const open = ATTENTION.filter((a) => summary.attention[a.key] > 0);
  return (
    <Card size="small" title="需要关注" data-testid="recon-attention">
      {open.length === 0 ? (
        <Space data-testid="recon-all-clear">
          <CheckCircleOutlined style={{ color: '#389e0d', fontSize: 18 }} />
          <Typography.Text>没有需要人工处理的事项：退款都已完成，没有异常通知。</Typography.Text>
        </Space>
      ) : (
        <List
          dataSource={open}
          renderItem={(a) => (
            <List.Item data-testid={`recon-attention-${a.key}`}>
              <List.Item.Meta
                avatar={<WarningOutlined style={{ color: a.serious ? '#cf1322' : '#d48806', fontSize: 18 }} />}
                title={
                  <Space>
                    <span>{a.title}</span>
                    <Tag color={a.serious ? 'red' : 'orange'}>
                      {summary.attention[a.key]} {a.key === 'refusedNotifications' ? '次' : '笔'}
                    </Tag>
                    {a.serious && <Tag color="red">需人工处理</Tag>}
                  </Space>
                }
                description={a.explain}
              />
            </List.Item>
          )}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 0 0' }}>
        “退款处理中”“退款异常”和“超时未关闭”是当前的数量，不限于这一天；收款、退款按资金到账的时间计入当天。
      </Typography.Paragraph>
    </Card>
  );
}
