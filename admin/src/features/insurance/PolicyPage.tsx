import { CheckCircleOutlined, CopyOutlined } from '@ant-design/icons';
import { POLICY_STATUS_LABELS, SCHEME_LABELS, SETTLEMENT_LEVEL_LABELS, SETTLEMENT_LEVELS, type PolicyStatus, type PolicyVersion } from '@ygt/shared';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { activatePolicyVersion, listPolicies } from './api';
import { formatInstant, percent, yuan } from './format';
import { PolicyEditor } from './PolicyEditor';

const STATUS_COLORS: Record<PolicyStatus, string> = { active: 'green', draft: 'blue', superseded: 'default' };

/** 医保政策: the region's policy versions; a new version starts as a copy, is previewed, then activated. */
export function PolicyPage() {
  const { message, modal } = App.useApp();
  const policies = useRequest((signal) => listPolicies({}, signal), []);
  const [base, setBase] = useState<PolicyVersion | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);
  const items = policies.data?.items ?? [];

  const takenVersions = useMemo(
    () => new Set(items.filter((p) => base && p.year === base.year && p.scheme === base.scheme).map((p) => p.version)),
    [items, base],
  );

  const activate = (p: PolicyVersion) => {
    const current = items.find((o) => o.status === 'active' && o.year === p.year && o.scheme === p.scheme);
    modal.confirm({
      title: `启用 ${p.year}年度${SCHEME_LABELS[p.scheme]} ${p.version}？`,
      content: (
        <Space direction="vertical">
          <span>启用后，新的结算和居民端的报销测算马上按这个版本计算。</span>
          {current && <span>现在生效的 {current.version} 将停用（以后还可以重新启用）。</span>}
          <span>本年度已有的结算，会在该居民下一笔结算时按新版本重算累计金额；医院已结算的金额不变。</span>
        </Space>
      ),
      okText: '确认启用',
      cancelText: '再想想',
      okButtonProps: { 'data-testid': 'policy-activate-confirm' },
      onOk: async () => {
        try {
          const done = await activatePolicyVersion(p.id);
          message.success(`已启用 ${done.version}`);
          policies.reload();
        } catch (err) {
          message.error(errorMessage(err));
          throw err;
        }
      },
    });
  };

  const columns: TableColumnsType<PolicyVersion> = [
    { title: '年度', dataIndex: 'year', width: 70 },
    { title: '险种', dataIndex: 'scheme', width: 110, render: (s: PolicyVersion['scheme']) => SCHEME_LABELS[s] },
    { title: '版本号', dataIndex: 'version', width: 90, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (s: PolicyStatus) => (
        <Tag color={STATUS_COLORS[s]} data-testid="policy-status">
          {POLICY_STATUS_LABELS[s]}
        </Tag>
      ),
    },
    {
      title: '住院报销（乡镇/县级/县外）',
      key: 'inpatient',
      width: 170,
      render: (_, p) => SETTLEMENT_LEVELS.map((l) => percent(p.body.benefits.inpatient.levels[l].ratioBp)).join(' / '),
    },
    {
      title: '创建 / 启用',
      key: 'created',
      width: 250,
      render: (_, p) => (
        <>
          <div>
            {p.createdBy ?? '系统初始化'} 创建于 {formatInstant(p.createdAt)}
          </div>
          {p.activatedAt !== null && <Typography.Text type="secondary">启用于 {formatInstant(p.activatedAt)}</Typography.Text>}
        </>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 210,
      render: (_, p) => (
        <Space>
          <Button size="small" icon={<CopyOutlined />} onClick={() => setBase(p)} data-testid="policy-edit">
            以此新建版本
          </Button>
          {p.status !== 'active' && (
            <Button size="small" type="primary" icon={<CheckCircleOutlined />} onClick={() => activate(p)} data-testid="policy-activate">
              启用
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          医保政策
        </Typography.Title>
        <Typography.Text type="secondary">
          {policies.data ? `统筹区：${policies.data.region}。` : ''}
          每个年度、每个险种同时只有一个生效版本；修改政策请「以此新建版本」，预览无误后再启用。每笔结算都记录所用的版本。
        </Typography.Text>
      </div>
      {policies.error ? (
        <Alert
          type="error"
          showIcon
          message="政策版本加载失败"
          description={policies.error}
          action={
            <Button size="small" onClick={policies.reload}>
              重试
            </Button>
          }
        />
      ) : (
        <Card size="small">
          <Table<PolicyVersion>
            rowKey="id"
            size="middle"
            loading={policies.loading}
            columns={columns}
            dataSource={items}
            pagination={false}
            scroll={{ x: 1030 }}
            expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: (keys) => setExpanded(keys as string[]), expandedRowRender: (p) => <PolicySummary policy={p} /> }}
            locale={{ emptyText: policies.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有政策版本" /> }}
            onRow={(p) => ({ 'data-testid': 'policy-version-row', 'data-status': p.status, 'data-version': p.version }) as HTMLAttributes<HTMLElement>}
          />
        </Card>
      )}
      <PolicyEditor
        base={base}
        takenVersions={takenVersions}
        onClose={() => setBase(null)}
        onSaved={(saved) => {
          setBase(null);
          message.success(`已保存草稿 ${saved.version}。确认无误后，在列表里点「启用」`);
          policies.reload();
        }}
      />
    </Space>
  );
}

/** The main figures of a version, read-only, under its row. */
function PolicySummary({ policy }: { policy: PolicyVersion }) {
  const b = policy.body;
  const pooled = (p: typeof b.benefits.inpatient) =>
    SETTLEMENT_LEVELS.map((l) => `${SETTLEMENT_LEVEL_LABELS[l]} 起付 ${yuan(p.levels[l].deductible)}、报 ${percent(p.levels[l].ratioBp)}`).join('；') +
    `；年度限额 ${yuan(p.annualCap)}`;
  return (
    <Descriptions size="small" column={1} bordered>
      <Descriptions.Item label="门诊统筹">{pooled(b.benefits.outpatient_pooling)}</Descriptions.Item>
      <Descriptions.Item label="住院">{pooled(b.benefits.inpatient)}</Descriptions.Item>
      <Descriptions.Item label="门诊慢特病">
        {Object.entries(b.benefits.chronic_outpatient.diseases)
          .map(([code, d]) => `${d.name}（${code}）年度限额 ${yuan(d.annualQuota)}`)
          .join('；') || '无'}
      </Descriptions.Item>
      <Descriptions.Item label="乙类先行自付">{percent(b.classBSelfPayBp)}</Descriptions.Item>
      <Descriptions.Item label="大病保险">
        {b.seriousIllness ? `起付线 ${yuan(b.seriousIllness.threshold)}，${b.seriousIllness.bands.length} 个分段，年度最高 ${yuan(b.seriousIllness.annualCap)}` : '无'}
      </Descriptions.Item>
      <Descriptions.Item label="个人账户">{b.personalAccount ? '有' : '无'}</Descriptions.Item>
    </Descriptions>
  );
}
