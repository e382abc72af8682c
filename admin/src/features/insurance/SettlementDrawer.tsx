import { SCHEME_LABELS, SETTLEMENT_SOURCE_LABELS, type CatalogueClass, type StaffSettlementRecord } from '@ygt/shared';
import { Alert, Button, Descriptions, Drawer, Empty, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useRequest } from '../../api/useRequest';
import { getFacilitySettlement } from './api';
import { formatInstant, percent, yuan } from './format';
import { StateTag } from './labels';

const CLASS_LABELS: Record<CatalogueClass, string> = { A: '甲类', B: '乙类', C: '目录外/丙类' };

interface CompareRow {
  key: string;
  label: string;
  reported: number | null;
  computed: number | null;
}

/** One settlement: the HIS figures next to ours, the computed 结算单 with its steps, and the items. */
export function SettlementDrawer({ settlementId, facilityName, onClose }: { settlementId: string | null; facilityName?: string; onClose: () => void }) {
  const record = useRequest(async (signal) => (settlementId ? getFacilitySettlement(settlementId, signal) : null), [settlementId]);
  return (
    <Drawer open={settlementId !== null} onClose={onClose} width="min(760px, 96vw)" title="结算单" destroyOnHidden data-testid="settlement-drawer">
      {record.loading ? (
        <Skeleton active />
      ) : record.error ? (
        <Alert
          type="error"
          showIcon
          message="结算单加载失败"
          description={record.error}
          action={
            <Button size="small" onClick={record.reload}>
              重试
            </Button>
          }
        />
      ) : record.data ? (
        <Body r={record.data} facilityName={facilityName} />
      ) : null}
    </Drawer>
  );
}

function Body({ r, facilityName }: { r: StaffSettlementRecord; facilityName?: string }) {
  const c = r.computed;
  const rep = r.reported;
  const compare: CompareRow[] = [
    { key: 'fundPaid', label: '统筹基金支付', reported: rep?.fundPaid ?? null, computed: c?.fundPaid ?? null },
    { key: 'seriousIllnessPaid', label: '大病保险', reported: rep?.seriousIllnessPaid ?? null, computed: c?.seriousIllnessPaid ?? null },
    { key: 'medicalAid', label: '医疗救助', reported: rep?.medicalAid ?? null, computed: c?.medicalAid ?? null },
    { key: 'personalAccountPaid', label: '个人账户支付', reported: rep?.personalAccountPaid ?? null, computed: c?.personalAccountPaid ?? null },
    { key: 'cashPaid', label: '个人现金支付', reported: rep?.cashPaid ?? null, computed: c?.cashPaid ?? null },
  ];
  const compareColumns: TableColumnsType<CompareRow> = [
    { title: '项目', dataIndex: 'label' },
    { title: '医院结算（HIS）', dataIndex: 'reported', align: 'right', render: (v: number | null) => (v === null ? '未报' : yuan(v)) },
    { title: `系统测算（${r.policyVersion}）`, dataIndex: 'computed', align: 'right', render: (v: number | null) => (v === null ? '—' : yuan(v)) },
    {
      title: '差额',
      key: 'diff',
      align: 'right',
      render: (_, row) => {
        if (row.reported === null || row.computed === null) return '—';
        const d = row.reported - row.computed;
        return d === 0 ? <Tag>一致</Tag> : <Tag color="red">{d > 0 ? '多' : '少'} {yuan(Math.abs(d))}</Tag>;
      },
    },
  ];

  return (
    <>
      {r.mismatch && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message="医院结算金额与系统按现行政策的测算不一致"
          description="居民端以医院结算金额为准，并提示居民咨询结算机构。请核对 HIS 的政策参数或该居民本年度的累计。"
          data-testid="settlement-mismatch"
        />
      )}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="患者">{r.personName}</Descriptions.Item>
        <Descriptions.Item label="结算机构">{facilityName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="就诊日期">{r.serviceDate}</Descriptions.Item>
        <Descriptions.Item label="类别">{r.benefitLabel}</Descriptions.Item>
        <Descriptions.Item label="结算流水号">
          <Typography.Text code copyable>
            {r.externalId}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={`${SETTLEMENT_SOURCE_LABELS[r.sourceType]}号`}>{r.sourceId}</Descriptions.Item>
        <Descriptions.Item label="险种">{SCHEME_LABELS[r.scheme]}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <StateTag record={r} />
        </Descriptions.Item>
        <Descriptions.Item label="接收时间">{formatInstant(r.createdAt)}</Descriptions.Item>
        <Descriptions.Item label="政策版本">{r.policyVersion}</Descriptions.Item>
        {r.reason && <Descriptions.Item label="冲正原因" span={2}>{r.reason}</Descriptions.Item>}
      </Descriptions>

      {r.kind === 'reversal' ? (
        <Typography.Paragraph style={{ marginTop: 16 }}>这是一张冲正单，它撤销了另一笔结算，本身没有金额。</Typography.Paragraph>
      ) : (
        <>
          <Typography.Title level={5} style={{ marginTop: 20 }}>
            医院结算与系统测算
          </Typography.Title>
          <Table<CompareRow> size="small" rowKey="key" pagination={false} columns={compareColumns} dataSource={compare} />
          {c && (
            <>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                结算单（系统测算）
              </Typography.Title>
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label="医疗费总额">{yuan(c.total)}</Descriptions.Item>
                <Descriptions.Item label="全自费">{yuan(c.outOfCatalogue)}</Descriptions.Item>
                <Descriptions.Item label="超限价自付">{yuan(c.overLimit)}</Descriptions.Item>
                <Descriptions.Item label="先行自付">{yuan(c.classBSelfPay)}</Descriptions.Item>
                <Descriptions.Item label="符合政策范围">{yuan(c.inScope)}</Descriptions.Item>
                <Descriptions.Item label="起付标准">{yuan(c.deductibleApplied)}</Descriptions.Item>
                <Descriptions.Item label="报销比例">{percent(c.ratioBp)}</Descriptions.Item>
                <Descriptions.Item label="统筹基金支付">{yuan(c.fundPaid)}</Descriptions.Item>
                <Descriptions.Item label="大病保险">{yuan(c.seriousIllnessPaid)}</Descriptions.Item>
                <Descriptions.Item label="医疗救助">{yuan(c.medicalAid)}</Descriptions.Item>
                <Descriptions.Item label="个人账户支付">{yuan(c.personalAccountPaid)}</Descriptions.Item>
                <Descriptions.Item label="个人现金支付">{yuan(c.cashPaid)}</Descriptions.Item>
                <Descriptions.Item label="累计统筹支付" span={2}>
                  {yuan(c.cumulativeFundPaid)}
                </Descriptions.Item>
              </Descriptions>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                计算过程
              </Typography.Title>
              <ol style={{ paddingLeft: 20 }} data-testid="settlement-steps">
                {c.steps.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ol>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                费用明细
              </Typography.Title>
              <Table
                size="small"
                rowKey={(_, i) => String(i)}
                pagination={false}
                dataSource={c.claim.items}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有费用明细" /> }}
                columns={[
                  { title: '项目', dataIndex: 'name' },
                  { title: '目录类别', dataIndex: 'catalogueClass', render: (v: CatalogueClass) => CLASS_LABELS[v] },
                  { title: '数量', dataIndex: 'quantity', render: (q?: number) => q ?? 1 },
                  { title: '限价（单价）', dataIndex: 'unitPriceLimit', align: 'right', render: (v?: number) => (v === undefined ? '—' : yuan(v)) },
                  { title: '金额', dataIndex: 'amount', align: 'right', render: (v: number) => yuan(v) },
                ]}
              />
            </>
          )}
        </>
      )}
    </>
  );
}
