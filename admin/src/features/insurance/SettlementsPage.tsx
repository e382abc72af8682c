import { SETTLEMENT_SOURCE_LABELS, type StaffSettlementRecord } from '@ygt/shared';
import { Alert, Button, Card, Empty, Select, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api/client';
import { useSession } from '../auth/session';
import { listFacilitySettlements, type SettlementPage } from './api';
import { formatInstant, thisYear, yuan } from './format';
import { shownAmounts, StateTag } from './labels';
import { SettlementDrawer } from './SettlementDrawer';

const amountText = (fen: number | undefined) => (fen === undefined ? '—' : yuan(fen));

/** 医保结算记录: a facility's settlements, the ones whose HIS amounts differ from ours flagged for review. */
export function SettlementsPage() {
  const { staff } = useSession();
  const facilities = staff?.facilities ?? [];
  const [facilityId, setFacilityId] = useState(facilities[0]?.id);
  const [year, setYear] = useState(thisYear());
  const [mismatchOnly, setMismatchOnly] = useState(false);
  const [pages, setPages] = useState<SettlementPage[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);

  // The first page whenever the filters change; 加载更多 appends the next one.
  useEffect(() => {
    if (!facilityId) return;
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    setPages([]);
    listFacilitySettlements({ facilityId, year, mismatchOnly }, controller.signal).then(
      (page) => {
        setPages([page]);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        setError(errorMessage(err));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [facilityId, year, mismatchOnly, attempt]);

  const next = pages.at(-1)?.nextBefore ?? null;
  const loadMore = async () => {
    if (!facilityId || !next) return;
    setLoading(true);
    try {
      const page = await listFacilitySettlements({ facilityId, year, mismatchOnly, before: next });
      setPages((p) => [...p, page]);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  const rows = pages.flatMap((p) => p.items);
  const columns: TableColumnsType<StaffSettlementRecord> = [
    { title: '就诊日期', dataIndex: 'serviceDate', width: 105 },
    { title: '患者', dataIndex: 'personName', width: 80 },
    // 处方 is the one source the benefit does not already say (门诊 / 住院).
    { title: '类别', key: 'kind', width: 110, render: (_, r) => (r.sourceType === 'prescription' ? `${r.benefitLabel} · ${SETTLEMENT_SOURCE_LABELS.prescription}` : r.benefitLabel) },
    { title: '结算流水号', dataIndex: 'externalId', width: 180, render: (v: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{v}</Typography.Text> },
    {
      title: '医疗费总额',
      key: 'total',
      align: 'right',
      width: 110,
      render: (_, r) => amountText(r.computed?.total),
    },
    { title: '医保支付', key: 'insurance', align: 'right', width: 110, render: (_, r) => amountText(shownAmounts(r)?.insurance) },
    { title: '个人负担', key: 'patient', align: 'right', width: 110, render: (_, r) => amountText(shownAmounts(r)?.patient) },
    { title: '状态', key: 'state', width: 80, render: (_, r) => <StateTag record={r} /> },
    {
      title: '核对',
      key: 'mismatch',
      width: 110,
      render: (_, r) =>
        r.kind === 'reversal' ? '—' : r.mismatch ? <Tag color="red">金额不一致</Tag> : r.reported ? <Tag color="green">一致</Tag> : <Tag>未报金额</Tag>,
    },
    { title: '接收时间', dataIndex: 'createdAt', width: 140, render: (t: number) => formatInstant(t) },
  ];

  if (!facilities.length) {
    return <Alert type="info" showIcon message="您的账号没有所属机构，看不到结算记录。请联系医共体管理员。" />;
  }

  const years = [thisYear(), thisYear() - 1, thisYear() - 2];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          医保结算记录
        </Typography.Title>
        <Typography.Text type="secondary">
          本机构 HIS 推送的医保结算单，与系统按现行政策的测算对照；金额不一致的请核对。点一行看结算单。查看记录会写入访问日志，居民可以看到。
        </Typography.Text>
      </div>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            style={{ minWidth: 220 }}
            value={facilityId}
            onChange={setFacilityId}
            options={facilities.map((f) => ({ value: f.id, label: f.name }))}
            data-testid="settlement-facility"
          />
          <Select style={{ width: 110 }} value={year} onChange={setYear} options={years.map((y) => ({ value: y, label: `${y}年` }))} data-testid="settlement-year" />
          <Space>
            <Switch checked={mismatchOnly} onChange={setMismatchOnly} data-testid="settlement-mismatch" />
            <span>只看金额不一致</span>
          </Space>
        </Space>
        {error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message="结算记录加载失败"
            description={error}
            action={
              <Button size="small" onClick={() => setAttempt((n) => n + 1)}>
                重试
              </Button>
            }
          />
        )}
        <Table<StaffSettlementRecord>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1140 }}
          locale={{
            emptyText: loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={mismatchOnly ? `${year}年没有金额不一致的结算` : `${year}年本机构还没有医保结算记录`} />,
          }}
          onRow={(r) =>
            ({
              'data-testid': 'settlement-row',
              'data-mismatch': r.mismatch ? '1' : '0',
              style: { cursor: 'pointer' },
              onClick: () => setOpenId(r.id),
            }) as HTMLAttributes<HTMLElement>
          }
        />
        {next && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button onClick={loadMore} loading={loading}>
              加载更多
            </Button>
          </div>
        )}
      </Card>
      <SettlementDrawer settlementId={openId} facilityName={facilities.find((f) => f.id === facilityId)?.name} onClose={() => setOpenId(null)} />
    </Space>
  );
}
