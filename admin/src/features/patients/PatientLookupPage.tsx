import { AuditOutlined, ScanOutlined, SearchOutlined } from '@ant-design/icons';
import { GUARDIAN_AGE, type Patient } from '@ygt/shared';
import { Alert, AutoComplete, Button, Card, Descriptions, Input, Space, Tag, Typography, type InputRef } from 'antd';
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { listFacilities } from '../community/api';
import { PatientLongPrescriptions } from '../prescriptions/PatientLongPrescriptions';
import { ReferPatientButton } from '../referrals/ReferPatientButton';
import { PatientResultsLink } from '../results/PatientResultsLink';
import { lookupPatient, type PatientKey } from './api';
import { readPatientKey } from './patientKey';

const REASONS = ['门诊就诊', '预约挂号', '复诊随访', '取药', '健康体检', '家庭医生签约服务'];

interface Found {
  patient: Patient;
  by: 'healthCard' | 'idNumber';
  reason: string | undefined;
  /** When the lookup answered: the same resident scanned twice must still look like a new lookup. */
  at: Date;
}

/** 患者查询: the clinic desk finds a resident by scanning their 电子健康卡 or typing their ID number. */
export function PatientLookupPage() {
  const [query, setQuery] = useState('');
  const [reason, setReason] = useState('');
  const [found, setFound] = useState<Found>();
  const [error, setError] = useState<string>();
  const [searching, setSearching] = useState(false);
  const queryInput = useRef<InputRef>(null);
  const inFlight = useRef<AbortController>();
  const facilities = useRequest((signal) => listFacilities({}, signal), []);
  const facilityNames = useMemo(() => new Map((facilities.data ?? []).map((f) => [f.id, f.name])), [facilities.data]);

  useScannerFocus(queryInput);
  useEffect(() => () => inFlight.current?.abort(), []);

  const submit = async () => {
    const read = readPatientKey(query);
    // Never leave the previous resident on screen while another is being looked up.
    setFound(undefined);
    if ('error' in read) {
      setError(read.error);
      queryInput.current?.focus({ cursor: 'all' });
      return;
    }
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setError(undefined);
    setSearching(true);
    const trimmedReason = reason.trim() || undefined;
    try {
      const patient = await lookupPatient(read.key, trimmedReason, controller.signal);
      setFound({ patient, by: 'healthCard' in read.key ? 'healthCard' : 'idNumber', reason: trimmedReason, at: new Date() });
      // Ready for the next resident: a scan replaces nothing by accident, and the ID number leaves the screen.
      setQuery('');
      queryInput.current?.focus();
    } catch (err) {
      if (controller.signal.aborted) return;
      setError(lookupErrorMessage(err, read.key));
      queryInput.current?.focus({ cursor: 'all' });
    } finally {
      if (inFlight.current === controller) setSearching(false);
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 760 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          患者查询
        </Typography.Title>
        <Typography.Text type="secondary">扫描居民小程序里的电子健康卡二维码，或输入18位身份证号，找到本机构的居民档案。</Typography.Text>
      </div>

      <Card>
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <div>
            <Typography.Text strong>电子健康卡 / 身份证号</Typography.Text>
            <Space.Compact style={{ width: '100%', marginTop: 6 }}>
              <Input
                ref={queryInput}
                size="large"
                autoFocus
                allowClear
                autoComplete="off"
                spellCheck={false}
                maxLength={64}
                prefix={<ScanOutlined style={{ color: '#8c8c8c' }} />}
                placeholder="用扫码枪扫描健康卡，或输入身份证号后按回车"
                value={query}
                status={error ? 'error' : undefined}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setError(undefined);
                }}
                onPressEnter={submit}
                data-testid="patient-query"
              />
              <Button size="large" type="primary" icon={<SearchOutlined />} loading={searching} onClick={submit} data-testid="patient-submit">
                查询
              </Button>
            </Space.Compact>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {queryHint(query)}
            </Typography.Text>
          </div>

          <div>
            <Typography.Text strong>查询事由</Typography.Text>
            <Typography.Text type="secondary">（选填，居民能在访问记录里看到；之后的查询会沿用，换了事由请修改）</Typography.Text>
            <AutoComplete
              value={reason}
              options={REASONS.map((value) => ({ value }))}
              filterOption={(input, option) => !input || String(option?.value).includes(input)}
              onChange={setReason}
              // After picking a reason the next scan must land in the query box, not here.
              onSelect={() => queryInput.current?.focus()}
              style={{ width: '100%', marginTop: 6 }}
            >
              <Input
                maxLength={100}
                placeholder="如：门诊就诊、复诊随访、取药"
                onPressEnter={() => queryInput.current?.focus()}
                data-testid="patient-reason"
              />
            </AutoComplete>
          </div>

          {error && <Alert type="error" showIcon message={error} data-testid="patient-error" />}
        </Space>
      </Card>

      {found && <PatientCard found={found} facilityNames={facilityNames} />}
      {found && <PatientLongPrescriptions key={found.at.getTime()} patient={found.patient} />}
    </Space>
  );
}

function PatientCard({ found, facilityNames }: { found: Found; facilityNames: ReadonlyMap<string, string> }) {
  const { patient } = found;
  return (
    <Card data-testid="patient-card">
      <Space align="center" size={10} wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="patient-name">
          {patient.name}
        </Typography.Title>
        <Typography.Text style={{ fontSize: 16 }}>
          {patient.sex === 'male' ? '男' : '女'} · {patient.age}岁
        </Typography.Text>
        {patient.isMinor && (
          <>
            <Tag color="orange" bordered={false} style={{ margin: 0 }} data-testid="patient-minor">
              未成年
            </Tag>
            <Typography.Text type="secondary">未满{GUARDIAN_AGE}周岁，由监护人代为管理</Typography.Text>
          </>
        )}
      </Space>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" styles={{ label: { width: 84 } }}>
        <Descriptions.Item label="身份证号">{patient.idNumber}</Descriptions.Item>
        <Descriptions.Item label="出生日期">{patient.birthDate}</Descriptions.Item>
        <Descriptions.Item label="手机号">{patient.phone ?? <Typography.Text type="secondary">未登记</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label="查询方式">{found.by === 'healthCard' ? '扫描电子健康卡' : '输入身份证号'}</Descriptions.Item>
        <Descriptions.Item label="建档机构" span={2}>
          {patient.facilityIds.length === 0 ? (
            <Typography.Text type="secondary">无</Typography.Text>
          ) : (
            <Space size={[4, 4]} wrap>
              {patient.facilityIds.map((id) => (
                <Tag key={id} style={{ margin: 0 }}>
                  {facilityNames.get(id) ?? '（机构信息加载中）'}
                </Tag>
              ))}
            </Space>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Alert
        type="info"
        icon={<AuditOutlined />}
        showIcon
        style={{ marginTop: 16 }}
        message="本次查询已记入居民可见的访问记录"
        description={`${found.at.toLocaleTimeString('zh-CN', { hour12: false })} 查询 · ${found.reason ? `查询事由：${found.reason}` : '未填写查询事由'}。居民能看到是谁、在哪个机构、什么时间查看了档案。`}
        data-testid="patient-audit-notice"
      />
      <Space style={{ marginTop: 16 }}>
        <PatientResultsLink patient={patient} />
        <ReferPatientButton patient={patient} />
      </Space>
    </Card>
  );
}

function queryHint(query: string): string {
  const read = readPatientKey(query);
  if (!query.trim() || 'error' in read) return '扫码枪扫描后会自动查询；如扫描后没有反应，请点一下输入框并切换到英文输入法再扫。';
  return 'idNumber' in read.key ? '将按身份证号查询，按回车或点“查询”' : '将按电子健康卡查询，按回车或点“查询”';
}

function lookupErrorMessage(err: unknown, key: PatientKey): string {
  if (err instanceof ApiError && err.status === 404) {
    return 'idNumber' in key
      ? '本机构没有该居民的档案；如居民在场，请扫描其电子健康卡'
      : '未找到该健康卡，请重新扫描（扫码枪需在英文输入法下使用）；也可以输入居民的身份证号';
  }
  // Validation messages name the parameter in English ("参数 idNumber 不正确：…"): keep the reason only.
  return errorMessage(err).replace(/^参数 \S+ 不正确：/, '');
}

/**
 * Hardware scanners type into whatever has focus. When nothing editable has it (the nurse clicked
 * the page), the first keystroke moves focus to the query box so the scan is not lost.
 */
function useScannerFocus(input: RefObject<InputRef>) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1) return;
      const active = document.activeElement;
      const editable = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || (active instanceof HTMLElement && active.isContentEditable);
      if (!editable) input.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [input]);
}
