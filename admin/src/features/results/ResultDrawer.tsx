import { ExclamationCircleOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { REPORT_STATUS_LABELS, ReleaseResultSchema, type ResultObservation } from '@ygt/shared';
import { Alert, App, Button, Descriptions, Drawer, Form, Input, Skeleton, Space, Table, Tag, Timeline, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { schemaRule } from '../../app/forms';
import { getStaffResult, releaseResult, type StaffResultDetail } from './api';
import { FlagTag, formatDateTime, RecognitionTag, SOURCE_LABELS } from './format';

interface ResultDrawerProps {
  /** The report to show; null closes the drawer. Opening it is audited. */
  reportId: string | null;
  onClose: () => void;
  /** Offer the release form for a held report (doctors of the performing or reading facility). */
  canRelease?: boolean;
  /** After a release, or when the report turned out to have changed: the caller refreshes its list. */
  onChanged?: () => void;
}

/** One report for staff: values with flags, the reading, recognition, every version received. */
export function ResultDrawer({ reportId, onClose, canRelease = false, onChanged }: ResultDrawerProps) {
  return (
    <Drawer open={reportId !== null} onClose={onClose} width={760} title="报告详情" destroyOnClose data-testid="result-drawer">
      {reportId && <ReportDetail key={reportId} reportId={reportId} canRelease={canRelease} onChanged={onChanged} />}
    </Drawer>
  );
}

function ReportDetail({ reportId, canRelease, onChanged }: { reportId: string; canRelease: boolean; onChanged?: () => void }) {
  const detail = useRequest((signal) => getStaffResult(reportId, signal), [reportId]);
  if (detail.loading && !detail.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (detail.error) {
    return (
      <Alert
        type="error"
        showIcon
        message={detail.error}
        action={
          <Button size="small" onClick={detail.reload}>
            重试
          </Button>
        }
      />
    );
  }
  const report = detail.data!;
  const refresh = () => {
    detail.reload();
    onChanged?.();
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Summary report={report} />
      {report.observations.length > 0 && <Values observations={report.observations} />}
      {report.conclusion && (
        <div>
          <Typography.Title level={5}>诊断结论{report.interpretingFacility ? `（${report.interpretingFacility.name}）` : ''}</Typography.Title>
          <Typography.Paragraph style={{ fontSize: 15, marginBottom: 4 }} data-testid="staff-result-conclusion">
            {report.conclusion}
          </Typography.Paragraph>
          {report.conclusionRecognition && <Typography.Text type="secondary">{report.conclusionRecognition.label}</Typography.Text>}
        </div>
      )}
      {report.imaging && (
        <Descriptions title="影像" size="small" column={2} bordered>
          <Descriptions.Item label="检查类型">{report.imaging.modality ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="描述">{report.imaging.description ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="序列 / 图像">
            {report.imaging.numberOfSeries ?? '—'} / {report.imaging.numberOfInstances ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label="Study UID">
            <Typography.Text copyable style={{ fontSize: 12 }}>
              {report.imaging.uid ?? '—'}
            </Typography.Text>
          </Descriptions.Item>
        </Descriptions>
      )}
      {report.releaseState === 'held' && canRelease && (
        <ReleaseForm
          report={report}
          onReleased={refresh}
          onStale={refresh}
        />
      )}
      <Versions report={report} />
    </Space>
  );
}

function Summary({ report }: { report: StaffResultDetail }) {
  return (
    <div>
      <Space align="center" wrap size={8} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="staff-result-name">
          {report.name}
        </Typography.Title>
        <Tag color={report.category === 'lab' ? 'purple' : 'blue'}>{report.categoryLabel}</Tag>
        {report.releaseState === 'held' ? (
          <Tag color="red" data-testid="staff-result-held">
            待发布：{report.holdReasonLabel}
          </Tag>
        ) : (
          <Tag color="green">居民可见</Tag>
        )}
        <Tag>第{report.version}版</Tag>
        {report.criticalCount > 0 && (
          <Tag color="red" icon={<ExclamationCircleOutlined />}>
            {report.criticalCount} 项危急值
          </Tag>
        )}
      </Space>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="患者">{report.patient.name}</Descriptions.Item>
        <Descriptions.Item label="报告状态">{report.statusLabel}</Descriptions.Item>
        <Descriptions.Item label={report.category === 'lab' ? '采样时间' : '检查时间'}>{formatDateTime(report.effectiveAt)}</Descriptions.Item>
        <Descriptions.Item label="报告时间">{formatDateTime(report.issuedAt)}</Descriptions.Item>
        <Descriptions.Item label={report.category === 'lab' ? '检验机构' : '检查机构'}>{report.performingFacility.name}</Descriptions.Item>
        <Descriptions.Item label="诊断机构">{report.interpretingFacility?.name ?? '同检查机构'}</Descriptions.Item>
        <Descriptions.Item label="来源">{SOURCE_LABELS[report.source]}</Descriptions.Item>
        <Descriptions.Item label="质控">{report.qcPassed ? '已通过' : <Typography.Text type="secondary">未经质控</Typography.Text>}</Descriptions.Item>
        <Descriptions.Item label="互认" span={2}>
          <RecognitionTag recognition={report.recognition} />
        </Descriptions.Item>
        {report.releasedAt !== null && (
          <Descriptions.Item label="发布" span={2}>
            {formatDateTime(report.releasedAt)}
            {report.releasedBy ? ` · ${report.releasedBy}审核发布` : ' · 自动发布'}
          </Descriptions.Item>
        )}
        {report.doctorComment && (
          <Descriptions.Item label="给居民的说明" span={2}>
            {report.doctorComment}
          </Descriptions.Item>
        )}
      </Descriptions>
    </div>
  );
}

const valueColumns: TableColumnsType<ResultObservation> = [
  {
    title: '项目',
    dataIndex: 'name',
    render: (name: string, o) => (
      <Space direction="vertical" size={0}>
        <Typography.Text>{name}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {o.loinc ? `LOINC ${o.loinc} · ` : ''}
          {o.localCode}
        </Typography.Text>
      </Space>
    ),
  },
  {
    title: '结果',
    dataIndex: 'value',
    width: 110,
    render: (value: string, o) => (
      <Typography.Text strong type={o.flagTone === 'critical' ? 'danger' : undefined} data-testid={`staff-value-${o.code}`}>
        {value}
      </Typography.Text>
    ),
  },
  { title: '单位', dataIndex: 'unit', width: 90, render: (unit: string | null) => unit ?? '' },
  { title: '参考范围', dataIndex: 'referenceText', width: 110 },
  { title: '提示', dataIndex: 'flag', width: 110, render: (_, o) => <FlagTag flag={o.flag} /> },
  { title: '互认', key: 'recognition', width: 170, render: (_, o) => <RecognitionTag recognition={o.recognition} /> },
];

function Values({ observations }: { observations: ResultObservation[] }) {
  return (
    <div>
      <Typography.Title level={5}>结果（{observations.length} 项）</Typography.Title>
      <Table<ResultObservation>
        rowKey="id"
        size="small"
        pagination={false}
        columns={valueColumns}
        dataSource={observations}
        data-testid="staff-result-values"
      />
    </div>
  );
}

function Versions({ report }: { report: StaffResultDetail }) {
  if (report.history.length === 0) return null;
  return (
    <div>
      <Typography.Title level={5}>版本记录（{report.history.length}）</Typography.Title>
      <Timeline
        data-testid="staff-result-versions"
        items={[...report.history].reverse().map((v) => ({
          color: v.supersededAt === null ? 'green' : 'gray',
          children: (
            <Space direction="vertical" size={2}>
              <Typography.Text strong>
                第{v.version}版 · {REPORT_STATUS_LABELS[v.status]} · {formatDateTime(v.receivedAt)} 收到
                {v.supersededAt !== null ? `（${formatDateTime(v.supersededAt)} 被新版本替换）` : '（当前版本）'}
              </Typography.Text>
              {v.observations.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {v.observations.map((o) => `${o.name} ${o.value}${o.unit ?? ''}${o.flag && o.flag !== 'N' ? `(${o.flag})` : ''}`).join('；')}
                </Typography.Text>
              )}
              {v.conclusion && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  结论：{v.conclusion}
                </Typography.Text>
              )}
            </Space>
          ),
        }))}
      />
    </div>
  );
}

/**
 * 审核发布: the doctor writes what the resident reads with the report, for the version on screen.
 * If a correction arrived meanwhile the API answers 409 and the doctor reviews the new version.
 */
function ReleaseForm({ report, onReleased, onStale }: { report: StaffResultDetail; onReleased: () => void; onStale: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ comment: string }>();
  const [submitting, setSubmitting] = useState(false);
  const [stale, setStale] = useState<string>();

  const release = async ({ comment }: { comment: string }) => {
    setSubmitting(true);
    setStale(undefined);
    try {
      await releaseResult(report.id, { comment: comment.trim(), version: report.version });
      message.success('已发布，居民会收到报告通知');
      onReleased();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setStale(err.message);
      else if (err instanceof ApiError && err.field === 'comment') form.setFields([{ name: 'comment', errors: [err.message] }]);
      else message.error(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  const confirm = ({ comment }: { comment: string }) =>
    modal.confirm({
      title: `发布第${report.version}版报告给居民？`,
      content: '发布后居民和家属能看到这份报告和您的说明，并会收到通知；发布不能撤回。',
      okText: '确认发布',
      cancelText: '再看看',
      onOk: () => release({ comment }),
    });

  return (
    <div style={{ padding: 16, border: '1px solid #ffccc7', borderRadius: 8, background: '#fff7f6' }} data-testid="release-form">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        审核发布（第{report.version}版）
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {report.holdReasonLabel}。请核对上面的结果，写一句给居民的说明（例如已电话联系、请尽快复查或就诊）。
      </Typography.Paragraph>
      {stale && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={stale}
          data-testid="release-stale"
          action={
            <Button size="small" icon={<ReloadOutlined />} onClick={onStale} data-testid="release-refresh">
              刷新报告
            </Button>
          }
        />
      )}
      <Form form={form} layout="vertical" onFinish={confirm} requiredMark={false}>
        <Form.Item
          name="comment"
          label="给居民的说明"
          rules={[{ required: true, message: '请填写发布说明' }, schemaRule(ReleaseResultSchema.shape.comment)]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：钾偏高，已电话通知，请明天上午到县医院内科复查。" data-testid="release-comment" />
        </Form.Item>
        <Button type="primary" danger htmlType="submit" icon={<SendOutlined />} loading={submitting} data-testid="release-submit">
          发布第{report.version}版给居民
        </Button>
      </Form>
    </div>
  );
}
