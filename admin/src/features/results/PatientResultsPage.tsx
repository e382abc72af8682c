import { ArrowLeftOutlined, AuditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { addDays, localDate, type ResultCategory } from '@ygt/shared';
import { Alert, App, Button, Card, Empty, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { useSession } from '../auth/session';
import { listPatientResults, listRecognisedResults, type RecognisedResult, type StaffResultFilter, type StaffResultReport } from './api';
import { FlagTag, facilityText, formatDate, formatDateTime, RecognitionTag } from './format';
import { ResultDrawer } from './ResultDrawer';

/** What the patient card passes along, so the page needs no second (audited) read of the record. */
export interface PatientResultsState {
  name?: string;
}

type Period = '3m' | '1y' | 'all';
const PERIOD_DAYS: Record<Period, number | null> = { '3m': 92, '1y': 366, all: null };
const PAGE_SIZE = 30;

/** 检查检验结果 of one patient: what is still recognised (avoid repeating it), then every report. */
export function PatientResultsPage() {
  const { personId = '' } = useParams();
  const state = (useLocation().state ?? {}) as PatientResultsState;
  const navigate = useNavigate();
  const { staff } = useSession();
  const [openId, setOpenId] = useState<string | null>(null);
  const [listVersion, setListVersion] = useState(0);
  const [name, setName] = useState(state.name);

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Button type="link" icon={<ArrowLeftOutlined />} style={{ paddingLeft: 0 }} onClick={() => navigate('/patients')}>
          返回患者查询
        </Button>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="patient-results-title">
          检查检验结果{name ? ` · ${name}` : ''}
        </Typography.Title>
        <Typography.Text type="secondary">
          <AuditOutlined /> 查看患者的检查检验结果会记入居民可见的访问记录。结果来自医共体各成员机构。
        </Typography.Text>
      </div>
      <RecognisedCard personId={personId} onOpen={setOpenId} />
      <AllResultsCard personId={personId} onOpen={setOpenId} onName={setName} version={listVersion} />
      <ResultDrawer
        reportId={openId}
        onClose={() => setOpenId(null)}
        canRelease={staff?.roles.includes('doctor') ?? false}
        onChanged={() => setListVersion((n) => n + 1)}
      />
    </Space>
  );
}

function RecognisedCard({ personId, onOpen }: { personId: string; onOpen: (reportId: string) => void }) {
  const recognised = useRequest((signal) => listRecognisedResults(personId, signal), [personId]);
  const columns: TableColumnsType<RecognisedResult> = [
    { title: '项目', dataIndex: 'name', render: (name: string, r) => (r.value === null ? <Typography.Text strong>{name}</Typography.Text> : name) },
    {
      title: '结果',
      key: 'value',
      width: 200,
      render: (_, r) =>
        r.value === null ? (
          <Typography.Text type="secondary">整份报告</Typography.Text>
        ) : (
          <Space size={6}>
            <Typography.Text strong>
              {r.value} {r.unit ?? ''}
            </Typography.Text>
            <FlagTag flag={r.flag} />
          </Space>
        ),
    },
    { title: '日期', dataIndex: 'effectiveAt', width: 120, render: (at: number) => formatDate(at) },
    { title: '机构', key: 'facility', render: (_, r) => r.facility.name },
    {
      title: '互认有效至',
      key: 'valid',
      width: 160,
      render: (_, r) => (
        <Tag color="cyan" style={{ margin: 0 }}>
          {r.recognition.mark} · {r.recognition.validUntil}
        </Tag>
      ),
    },
  ];
  return (
    <Card
      title={
        <Space>
          <SafetyCertificateOutlined style={{ color: '#0f766e' }} />
          仍在互认有效期内的结果
        </Space>
      }
      extra={<Typography.Text type="secondary">可直接参考，一般无需重复检查；病情变化、急诊等情况由医生判断</Typography.Text>}
      data-testid="recognised-card"
    >
      {recognised.error ? (
        <Alert type="error" showIcon message={recognised.error} action={<Button size="small" onClick={recognised.reload}>重试</Button>} />
      ) : (
        <Table<RecognisedResult>
          rowKey={(r) => `${r.reportId}:${r.code}`}
          size="small"
          loading={recognised.loading}
          columns={columns}
          dataSource={recognised.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有仍在互认有效期内的结果" /> }}
          onRow={(r) => ({ onClick: () => onOpen(r.reportId), style: { cursor: 'pointer' }, 'data-testid': 'recognised-row' }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </Card>
  );
}

function AllResultsCard({ personId, onOpen, onName, version }: { personId: string; onOpen: (id: string) => void; onName: (name: string) => void; version: number }) {
  const { message } = App.useApp();
  const [category, setCategory] = useState<'all' | ResultCategory>('all');
  const [period, setPeriod] = useState<Period>('all');
  const days = PERIOD_DAYS[period];
  const filter: StaffResultFilter = {
    category: category === 'all' ? undefined : category,
    from: days === null ? undefined : addDays(localDate(Date.now()), -days),
    limit: PAGE_SIZE,
  };
  const first = useRequest((signal) => listPatientResults(personId, filter, signal), [personId, category, period, version]);
  const [more, setMore] = useState<{ items: StaffResultReport[]; nextCursor: string | null } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  useEffect(() => setMore(null), [first.data]);

  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.nextCursor : (first.data?.nextCursor ?? null);
  const patientName = items[0]?.patient.name;
  useEffect(() => {
    if (patientName) onName(patientName);
  }, [patientName]);

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await listPatientResults(personId, { ...filter, cursor });
      setMore((m) => ({ items: [...(m?.items ?? []), ...page.items], nextCursor: page.nextCursor }));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const columns: TableColumnsType<StaffResultReport> = [
    { title: '时间', dataIndex: 'effectiveAt', width: 150, render: (at: number) => formatDateTime(at) },
    {
      title: '报告',
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space size={6} wrap>
          <Typography.Text strong>{name}</Typography.Text>
          <Tag color={r.category === 'lab' ? 'purple' : 'blue'} style={{ margin: 0 }}>
            {r.categoryLabel}
          </Tag>
          {r.enteredByHand && <Tag style={{ margin: 0 }}>手工录入</Tag>}
          {r.corrected && <Tag style={{ margin: 0 }}>已更正 · 第{r.version}版</Tag>}
        </Space>
      ),
    },
    { title: '机构', key: 'facility', render: (_, r) => facilityText(r) },
    {
      title: '异常',
      key: 'abnormal',
      width: 120,
      render: (_, r) =>
        r.criticalCount > 0 ? (
          <Tag color="red">{r.criticalCount} 项危急值</Tag>
        ) : r.abnormalCount > 0 ? (
          <Tag color="orange">{r.abnormalCount} 项异常</Tag>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    { title: '互认', key: 'recognition', width: 220, render: (_, r) => <RecognitionTag recognition={r.recognition} /> },
    {
      title: '发布',
      dataIndex: 'releaseState',
      width: 100,
      render: (state: StaffResultReport['releaseState'], r) =>
        state === 'held' ? (
          <Tag color="red" title={r.holdReasonLabel ?? undefined}>
            待医生发布
          </Tag>
        ) : (
          <Tag color="green">居民可见</Tag>
        ),
    },
  ];

  return (
    <Card
      title="全部检查检验结果"
      extra={
        <Space wrap>
          <Segmented
            value={category}
            onChange={(v) => setCategory(v as typeof category)}
            options={[
              { label: '全部', value: 'all' },
              { label: '检验', value: 'lab' },
              { label: '检查', value: 'exam' },
            ]}
            data-testid="staff-results-category"
          />
          <Segmented
            value={period}
            onChange={(v) => setPeriod(v as Period)}
            options={[
              { label: '近3个月', value: '3m' },
              { label: '近1年', value: '1y' },
              { label: '全部', value: 'all' },
            ]}
          />
        </Space>
      }
    >
      {first.error ? (
        <Alert type="error" showIcon message={first.error} action={<Button size="small" onClick={first.reload}>重试</Button>} data-testid="staff-results-error" />
      ) : (
        <>
          <Table<StaffResultReport>
            rowKey="id"
            size="middle"
            loading={first.loading}
            columns={columns}
            dataSource={items}
            pagination={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有符合条件的检查检验结果" /> }}
            onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' }, 'data-testid': 'staff-result-row' }) as HTMLAttributes<HTMLElement>}
            data-testid="staff-results-table"
          />
          {cursor && (
            <div style={{ textAlign: 'center', marginTop: 12 }}>
              <Button loading={loadingMore} onClick={loadMore} data-testid="staff-results-more">
                加载更早的结果
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}
