import { DeleteOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import {
  BENEFIT_TYPE_LABELS,
  BENEFIT_TYPES,
  FORECAST_SAMPLES,
  SETTLEMENT_LEVEL_LABELS,
  SETTLEMENT_LEVELS,
  type BenefitType,
  type CatalogueClass,
  type Policy,
  type PolicyPreview,
  type SettlementLevel,
} from '@ygt/shared';
import { Alert, Button, Card, Col, Collapse, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { previewPolicy } from './api';
import { percent, yuan } from './format';
import type { PolicyForm } from './policyForm';

interface SampleItem {
  name: string;
  catalogueClass: CatalogueClass;
  amount?: number;
}

interface SampleClaim {
  benefit: BenefitType;
  chronicDisease?: string;
  items: SampleItem[];
}

const CLASS_OPTIONS = [
  { value: 'A', label: '甲类' },
  { value: 'B', label: '乙类' },
  { value: 'C', label: '目录外/丙类' },
];

type SampleKey = keyof typeof FORECAST_SAMPLES;

function sampleClaim(key: SampleKey): SampleClaim {
  const s = FORECAST_SAMPLES[key];
  return {
    benefit: s.benefit,
    ...('chronicDisease' in s ? { chronicDisease: s.chronicDisease } : {}),
    items: s.items.map((i) => ({ name: i.name, catalogueClass: i.catalogueClass, amount: i.amount / 100 })),
  };
}

interface PreviewRow {
  level: SettlementLevel;
  draft: PolicyPreview['draft'][SettlementLevel];
  active: PolicyPreview['draft'][SettlementLevel] | null;
}

interface PolicyPreviewPanelProps {
  form: FormInstance<PolicyForm>;
  /** The edited policy when valid (marks the form otherwise). */
  draft: () => Promise<Policy | null>;
  /** Puts an API error about the policy on its field; false when it is not about the policy. */
  onPolicyError: (err: unknown) => boolean;
}

/** 预览: a sample claim settled at every tier under the draft and under the version in force. Saves nothing. */
export function PolicyPreviewPanel({ form, draft, onPolicyError }: PolicyPreviewPanelProps) {
  const [claim, setClaim] = useState<SampleClaim>(() => sampleClaim('inpatient-5000'));
  const [result, setResult] = useState<PolicyPreview>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(false);
  const diseases = (Form.useWatch(['benefits', 'chronic_outpatient', 'diseases'], form) ?? []) as PolicyForm['benefits']['chronic_outpatient']['diseases'];

  const run = async () => {
    setError(undefined);
    setResult(undefined);
    const policy = await draft();
    if (!policy) return setError('请先改正政策里标红的地方');
    if (claim.items.some((i) => !i.name.trim() || i.amount === undefined || i.amount === null)) return setError('示例费用的每一项都要填名称和金额');
    setLoading(true);
    try {
      setResult(
        await previewPolicy({
          policy,
          claim: {
            benefit: claim.benefit,
            ...(claim.benefit === 'chronic_outpatient' && claim.chronicDisease ? { chronicDisease: claim.chronicDisease } : {}),
            items: claim.items.map((i) => ({ name: i.name.trim(), catalogueClass: i.catalogueClass, amount: Math.round((i.amount ?? 0) * 100) })),
          },
        }),
      );
    } catch (err) {
      if (onPolicyError(err)) setError('政策里有一处需要修改，已在左侧标出');
      else setError(err instanceof ApiError ? err.message.replace(/^参数 \S+ 不正确：/, '') : errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  const setItem = (index: number, patch: Partial<SampleItem>) =>
    setClaim((c) => ({ ...c, items: c.items.map((item, i) => (i === index ? { ...item, ...patch } : item)) }));
  const total = claim.items.reduce((n, i) => n + Math.round((i.amount ?? 0) * 100), 0);

  const rows: PreviewRow[] = result ? SETTLEMENT_LEVELS.map((level) => ({ level, draft: result.draft[level], active: result.active?.[level] ?? null })) : [];
  const columns: TableColumnsType<PreviewRow> = [
    { title: '就医机构', dataIndex: 'level', render: (level: SettlementLevel) => SETTLEMENT_LEVEL_LABELS[level] },
    {
      title: '草稿：基金 / 个人',
      key: 'draft',
      render: (_, r) => (
        <span data-testid={`policy-preview-draft-${r.level}`}>
          {yuan(r.draft.fundPaid + r.draft.seriousIllnessPaid + r.draft.medicalAid)} / {yuan(r.draft.patientPaid)}
        </span>
      ),
    },
    {
      title: `现行${result?.activeVersion ? ` ${result.activeVersion}` : ''}：基金 / 个人`,
      key: 'active',
      render: (_, r) => (r.active ? `${yuan(r.active.fundPaid + r.active.seriousIllnessPaid + r.active.medicalAid)} / ${yuan(r.active.patientPaid)}` : '—'),
    },
    {
      title: '个人负担变化',
      key: 'change',
      render: (_, r) => {
        if (!r.active) return '—';
        const diff = r.draft.patientPaid - r.active.patientPaid;
        if (diff === 0) return <Tag>不变</Tag>;
        return diff > 0 ? <Tag color="red">多付 {yuan(diff)}</Tag> : <Tag color="green">少付 {yuan(-diff)}</Tag>;
      },
    },
  ];

  return (
    <Card
      size="small"
      title="预览：用示例费用试算"
      data-testid="policy-preview-panel"
      extra={
        <Button type="primary" icon={<EyeOutlined />} loading={loading} onClick={run} data-testid="policy-preview">
          预览
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">常用示例：</Typography.Text>
        {(Object.keys(FORECAST_SAMPLES) as SampleKey[]).map((key) => (
          <Button key={key} size="small" onClick={() => setClaim(sampleClaim(key))}>
            {FORECAST_SAMPLES[key].label}
          </Button>
        ))}
      </Space>
      <Row gutter={8} style={{ marginBottom: 8 }}>
        <Col span={12}>
          <Select
            style={{ width: '100%' }}
            value={claim.benefit}
            onChange={(benefit: BenefitType) => setClaim((c) => ({ ...c, benefit }))}
            options={BENEFIT_TYPES.map((b) => ({ value: b, label: BENEFIT_TYPE_LABELS[b] }))}
          />
        </Col>
        <Col span={12}>
          {claim.benefit === 'chronic_outpatient' && (
            <Select
              style={{ width: '100%' }}
              placeholder="病种"
              value={claim.chronicDisease}
              onChange={(chronicDisease: string) => setClaim((c) => ({ ...c, chronicDisease }))}
              options={diseases.filter((d) => d?.code).map((d) => ({ value: d.code!, label: `${d.code} ${d.name ?? ''}` }))}
            />
          )}
        </Col>
      </Row>
      {claim.items.map((item, i) => (
        <Row gutter={8} key={i} style={{ marginBottom: 6 }}>
          <Col span={10}>
            <Input value={item.name} placeholder="项目名称" onChange={(e) => setItem(i, { name: e.target.value })} />
          </Col>
          <Col span={6}>
            <Select style={{ width: '100%' }} value={item.catalogueClass} options={CLASS_OPTIONS} onChange={(catalogueClass: CatalogueClass) => setItem(i, { catalogueClass })} />
          </Col>
          <Col span={6}>
            <InputNumber
              style={{ width: '100%' }}
              min={0}
              precision={2}
              controls={false}
              suffix="元"
              value={item.amount}
              onChange={(amount) => setItem(i, { amount: amount ?? undefined })}
            />
          </Col>
          <Col span={2}>
            <Button
              type="text"
              danger
              icon={<DeleteOutlined />}
              aria-label="删除此项"
              disabled={claim.items.length === 1}
              onClick={() => setClaim((c) => ({ ...c, items: c.items.filter((_, j) => j !== i) }))}
            />
          </Col>
        </Row>
      ))}
      <Space style={{ marginBottom: 12 }}>
        <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setClaim((c) => ({ ...c, items: [...c.items, { name: '', catalogueClass: 'A' }] }))}>
          加一项
        </Button>
        <Typography.Text>合计 {yuan(total)}</Typography.Text>
      </Space>

      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="policy-preview-error" />}
      {result && (
        <>
          {!result.active && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              message={result.activeVersion ? `现行版本 ${result.activeVersion} 不能结算这笔示例费用（如病种不在其中），只显示草稿结果` : '本年度该险种还没有生效的版本，只显示草稿结果'}
            />
          )}
          <Table<PreviewRow> size="small" rowKey="level" pagination={false} columns={columns} dataSource={rows} data-testid="policy-preview-result" />
          <Collapse
            size="small"
            style={{ marginTop: 12 }}
            items={rows.map((r) => ({
              key: r.level,
              label: `草稿在${SETTLEMENT_LEVEL_LABELS[r.level]}怎么算（起付 ${yuan(r.draft.deductibleApplied)}，报销 ${percent(r.draft.ratioBp)}）`,
              children: (
                <ol style={{ margin: 0, paddingLeft: 18 }}>
                  {r.draft.steps.map((s, i) => (
                    <li key={i}>{s}</li>
                  ))}
                </ol>
              ),
            }))}
          />
        </>
      )}
    </Card>
  );
}
