import { CheckCircleOutlined, SearchOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { deriveFlag, MANUAL_ITEMS, toEpochMs, type ManualItemCode, type Patient } from '@ygt/shared';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Result, Row, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { useSession } from '../auth/session';
import { listFacilities } from '../community/api';
import { lookupPatient } from '../patients/api';
import { readPatientKey } from '../patients/patientKey';
import { enterManualResults, type ManualResultInput, type StaffResultDetail } from './api';
import { FlagTag, formatDateTime } from './format';
import type { PatientResultsState } from './PatientResultsPage';

/** The lookup reason residents read in their access log. */
const LOOKUP_REASON = '录入测量结果';

/** The order of the form: blood pressure first, as village doctors measure it most. */
const GROUPS: { title: string; codes: ManualItemCode[] }[] = [
  { title: '血压、心率', codes: ['systolic', 'diastolic', 'heart_rate'] },
  { title: '指尖血糖', codes: ['glucose_fasting', 'glucose_random'] },
  { title: '体格测量', codes: ['weight', 'height', 'temperature', 'spo2'] },
];
const ALL_CODES = GROUPS.flatMap((g) => g.codes);

type Values = Partial<Record<ManualItemCode, number | null>> & { facilityId?: string; when: 'now' | 'pick'; at?: Dayjs };

/** 手工录入: a village clinic or township centre without a lab system enters what it measured. */
export function ManualEntryPage() {
  const [patient, setPatient] = useState<Patient>();
  const [saved, setSaved] = useState<StaffResultDetail[]>();

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 880 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          手工录入结果
        </Typography.Title>
        <Typography.Text type="secondary">村卫生室、乡镇卫生院测量的血压、指尖血糖、体重等，录入后居民在小程序里就能看到，医生也能看到变化趋势。</Typography.Text>
      </div>
      {!patient ? (
        <FindPatient onFound={setPatient} />
      ) : saved ? (
        <Saved patient={patient} reports={saved} onMore={() => setSaved(undefined)} onNext={() => {
            setSaved(undefined);
            setPatient(undefined);
          }} />
      ) : (
        <EntryForm patient={patient} onChangePatient={() => setPatient(undefined)} onSaved={setSaved} />
      )}
    </Space>
  );
}

function FindPatient({ onFound }: { onFound: (patient: Patient) => void }) {
  const [query, setQuery] = useState('');
  const [error, setError] = useState<string>();
  const [searching, setSearching] = useState(false);

  const find = async () => {
    const read = readPatientKey(query);
    if ('error' in read) return setError(read.error);
    setSearching(true);
    setError(undefined);
    try {
      onFound(await lookupPatient(read.key, LOOKUP_REASON));
    } catch (err) {
      setError(err instanceof ApiError && err.status === 404 ? '本机构没有该居民的档案，请核对身份证号或扫描电子健康卡' : errorMessage(err).replace(/^参数 \S+ 不正确：/, ''));
    } finally {
      setSearching(false);
    }
  };

  return (
    <Card title="第一步：找到患者">
      <Space.Compact style={{ width: '100%' }}>
        <Input
          size="large"
          autoFocus
          allowClear
          autoComplete="off"
          maxLength={64}
          placeholder="扫描电子健康卡，或输入18位身份证号后按回车"
          value={query}
          status={error ? 'error' : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setError(undefined);
          }}
          onPressEnter={find}
          data-testid="manual-patient-query"
        />
        <Button size="large" type="primary" icon={<SearchOutlined />} loading={searching} onClick={find} data-testid="manual-patient-submit">
          查找
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon style={{ marginTop: 12 }} message={error} data-testid="manual-patient-error" />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        查找会以“{LOOKUP_REASON}”记入居民可见的访问记录。
      </Typography.Paragraph>
    </Card>
  );
}

function EntryForm({ patient, onChangePatient, onSaved }: { patient: Patient; onChangePatient: () => void; onSaved: (reports: StaffResultDetail[]) => void }) {
  const { modal, message } = App.useApp();
  const { staff } = useSession();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const facilities = useRequest((signal) => listFacilities({}, signal), []);
  // Only where there is no lab system: the staff member's village clinics and township centres.
  const places = useMemo(
    () => (facilities.data ?? []).filter((f) => (f.level === 'village' || f.level === 'township') && staff?.facilityIds.includes(f.id)),
    [facilities.data, staff],
  );
  // The first (usually only) place is the sensible default once the facilities are there.
  useEffect(() => {
    if (places.length > 0 && !form.getFieldValue('facilityId')) form.setFieldValue('facilityId', places[0].id);
  }, [places, form]);
  const when = Form.useWatch('when', form);
  const values = Form.useWatch([], form) as Values | undefined;

  const itemsOf = (v: Values) => ALL_CODES.filter((code) => typeof v[code] === 'number').map((code) => ({ code, value: v[code] as number }));

  const save = async (input: ManualResultInput) => {
    setSaving(true);
    setFormError(undefined);
    try {
      onSaved(await enterManualResults(input));
      message.success('已录入，居民可以在小程序里看到');
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      const itemIndex = field ? /^items\.(\d+)/.exec(field) : null;
      const text = errorMessage(err).replace(/^参数 \S+ 不正确：/, '');
      if (itemIndex) form.setFields([{ name: input.items[Number(itemIndex[1])].code, errors: [text] }]);
      else if (field === 'facilityId' || field === 'effectiveAt') form.setFields([{ name: field === 'effectiveAt' ? 'at' : field, errors: [text] }]);
      else setFormError(text);
    } finally {
      setSaving(false);
    }
  };

  const submit = (v: Values) => {
    const items = itemsOf(v);
    if (items.length === 0) return setFormError('请至少填写一项测量结果');
    const hasSbp = typeof v.systolic === 'number';
    const hasDbp = typeof v.diastolic === 'number';
    if (hasSbp !== hasDbp) return form.setFields([{ name: hasSbp ? 'diastolic' : 'systolic', errors: ['血压需同时填写收缩压和舒张压'] }]);
    // The picked wall-clock time is a time in Asia/Shanghai, whatever the computer's zone.
    const effectiveAt = v.when === 'pick' && v.at ? toEpochMs(v.at.format('YYYY-MM-DD'), v.at.format('HH:mm')) : undefined;
    const input: ManualResultInput = { personId: patient.personId, facilityId: v.facilityId!, effectiveAt, items };
    modal.confirm({
      title: `为 ${patient.name} 录入以下结果？`,
      width: 480,
      content: (
        <Space direction="vertical" size={4} style={{ marginTop: 8 }}>
          {items.map((it) => (
            <Space key={it.code} size={8}>
              <span>
                {MANUAL_ITEMS[it.code].name}：<b>{it.value}</b> {MANUAL_ITEMS[it.code].unit}
              </span>
              <FlagTag flag={flagOf(it.code, it.value)} />
            </Space>
          ))}
          <Typography.Text type="secondary">
            测量时间：{effectiveAt ? formatDateTime(effectiveAt) : '刚刚'} · 录入后居民立即可见，请核对数值。
          </Typography.Text>
        </Space>
      ),
      okText: '确认录入',
      cancelText: '返回修改',
      onOk: () => save(input),
    });
  };

  return (
    <Card
      title={
        <Space>
          第二步：填写测量结果
          <Typography.Text data-testid="manual-patient-name">
            {patient.name} · {patient.sex === 'male' ? '男' : '女'} · {patient.age}岁
          </Typography.Text>
        </Space>
      }
      extra={
        <Button icon={<UserSwitchOutlined />} onClick={onChangePatient}>
          换一位患者
        </Button>
      }
    >
      {facilities.data && places.length === 0 ? (
        <Alert type="info" showIcon message="手工录入仅用于村卫生室和乡镇卫生院；您所在的机构请通过检验/检查系统上传结果。" />
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ when: 'now' }}
          onFinish={submit}
          onValuesChange={() => setFormError(undefined)}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="facilityId" label="测量机构" rules={[{ required: true, message: '请选择测量机构' }]}>
                <Select loading={facilities.loading} options={places.map((f) => ({ value: f.id, label: f.name }))} data-testid="manual-facility" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label="测量时间" required>
                <Space wrap>
                  <Form.Item name="when" noStyle>
                    <Radio.Group
                      options={[
                        { value: 'now', label: '刚刚测量' },
                        { value: 'pick', label: '选择时间' },
                      ]}
                      optionType="button"
                    />
                  </Form.Item>
                  {when === 'pick' && (
                    <Form.Item name="at" noStyle rules={[{ required: true, message: '请选择测量时间' }]}>
                      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.valueOf() > Date.now()} placeholder="北京时间" />
                    </Form.Item>
                  )}
                </Space>
              </Form.Item>
            </Col>
          </Row>

          {GROUPS.map((group) => (
            <div key={group.title}>
              <Typography.Title level={5} style={{ marginTop: 4 }}>
                {group.title}
              </Typography.Title>
              <Row gutter={16}>
                {group.codes.map((code) => (
                  <Col key={code} xs={24} sm={12} md={8}>
                    <ItemField code={code} value={values?.[code] ?? null} />
                  </Col>
                ))}
              </Row>
            </div>
          ))}

          {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 16 }} data-testid="manual-entry-error" />}
          <Button type="primary" size="large" htmlType="submit" loading={saving} data-testid="manual-entry-submit">
            录入
          </Button>
        </Form>
      )}
    </Card>
  );
}

function flagOf(code: ManualItemCode, value: number) {
  const def = MANUAL_ITEMS[code];
  return deriveFlag({ value, range: { low: def.low, high: def.high, text: null }, criticalLow: def.criticalLow, criticalHigh: def.criticalHigh, senderFlag: null });
}

/** One value with its unit, checked against plausible bounds, and its flag shown as it is typed. */
function ItemField({ code, value }: { code: ManualItemCode; value: number | null }) {
  const def = MANUAL_ITEMS[code];
  const range = def.low !== null && def.high !== null ? `正常 ${def.low}-${def.high}` : null;
  return (
    <Form.Item
      name={code}
      label={
        <Space size={6}>
          {def.name}
          {typeof value === 'number' && value >= def.min && value <= def.max && <FlagTag flag={flagOf(code, value)} />}
        </Space>
      }
      extra={range}
      rules={[{ type: 'number', min: def.min, max: def.max, message: `应在 ${def.min}-${def.max} ${def.unit} 之间，请核对` }]}
    >
      <InputNumber style={{ width: '100%' }} addonAfter={def.unit} step={def.unit === 'mmol/L' || def.unit === '℃' ? 0.1 : 1} data-testid={`manual-${code}`} />
    </Form.Item>
  );
}

function Saved({ patient, reports, onMore, onNext }: { patient: Patient; reports: StaffResultDetail[]; onMore: () => void; onNext: () => void }) {
  const navigate = useNavigate();
  const rows = reports.flatMap((r) => r.observations.map((o) => ({ ...o, report: r.name })));
  const state: PatientResultsState = { name: patient.name };
  return (
    <Card data-testid="manual-entry-saved">
      <Result
        status="success"
        icon={<CheckCircleOutlined />}
        title={`已为 ${patient.name} 录入 ${rows.length} 项结果`}
        subTitle="居民和家属在小程序「报告查询」里可以看到；有危急值的结果会先交医生审核。"
        extra={[
          <Button key="more" type="primary" onClick={onMore}>
            继续为该患者录入
          </Button>,
          <Button key="next" onClick={onNext}>
            录入下一位患者
          </Button>,
          <Button key="all" onClick={() => navigate(`/results/patients/${encodeURIComponent(patient.personId)}`, { state })}>
            查看该患者全部结果
          </Button>,
        ]}
      />
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '项目', dataIndex: 'name' },
          { title: '结果', key: 'value', render: (_, o) => `${o.value} ${o.unit ?? ''}` },
          { title: '提示', key: 'flag', render: (_, o) => <FlagTag flag={o.flag} /> },
          { title: '报告', dataIndex: 'report' },
        ]}
      />
      {reports.some((r) => r.releaseState === 'held') && (
        <Alert type="warning" showIcon style={{ marginTop: 12 }} message="含危急值：报告已进入医生的待发布列表，请按规定立即通知医生和患者。" />
      )}
      <Descriptions size="small" style={{ marginTop: 12 }}>
        <Descriptions.Item label="测量时间">{reports[0] ? formatDateTime(reports[0].effectiveAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label="机构">{reports[0]?.performingFacility.name}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
