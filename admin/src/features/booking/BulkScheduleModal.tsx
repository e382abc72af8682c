import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { addDays, DEFAULT_SESSION_TIMES, isoWeekday, SESSION_PERIOD_LABELS, type SessionPeriod, WEEKDAY_LABELS } from '@ygt/shared';
import { Alert, App, Button, Card, Col, DatePicker, Form, InputNumber, List, Modal, Result, Row, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { type BulkResult, createSchedulesFromTemplate, listStaffSchedules } from './api';
import { dayLabel, todayInShanghai, yuanInputToFen } from './format';
import { outsideScheduleRange } from './ScheduleFormModal';
import { departmentOfOwnDoctor, doctorOptions, type Staffing } from './staffing';

/** The API looks at most this many days at once. */
const QUERY_DAYS = 31;
const MAX_TEMPLATE = 100;

interface Line {
  weekdays: number[];
  period: SessionPeriod;
  doctorId: string;
  departmentId: string;
  capacityPerSegment: number;
  referralReservedPerSegment: number;
  feeYuan: number;
}

interface Values {
  range: [Dayjs, Dayjs];
  lines: Line[];
}

const WEEKDAY_OPTIONS = [1, 2, 3, 4, 5, 6, 7].map((w) => ({ value: w, label: WEEKDAY_LABELS[w] }));
const PERIOD_OPTIONS = (Object.keys(SESSION_PERIOD_LABELS) as SessionPeriod[]).map((p) => ({ value: p, label: `${SESSION_PERIOD_LABELS[p]} ${DEFAULT_SESSION_TIMES[p].startTime}-${DEFAULT_SESSION_TIMES[p].endTime}` }));
const LINE_FIELDS = ['doctorId', 'departmentId', 'capacityPerSegment', 'referralReservedPerSegment', 'feeFen', 'period', 'weekday'] as const;

function nextMonday(today: string): string {
  return addDays(today, 8 - isoWeekday(today));
}

interface Planned {
  date: string;
  period: SessionPeriod;
  doctorId: string;
  line: number;
}

/** Every (date, session, doctor) the template would make over the range, in date order. */
function plan(from: string, to: string, lines: Partial<Line>[]): Planned[] {
  const planned: Planned[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    lines.forEach((line, i) => {
      if (line?.doctorId && line.period && line.weekdays?.includes(isoWeekday(date))) planned.push({ date, period: line.period, doctorId: line.doctorId, line: i });
    });
  }
  return planned;
}

/** 按周模板批量排班: weekdays × session × doctor over a date range, with a preview of what will be made. */
export function BulkScheduleModal({
  open,
  facilityId,
  facilityName,
  staffing,
  onClose,
  onCreated,
}: {
  open: boolean;
  facilityId: string;
  facilityName: string;
  staffing: Staffing | undefined;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<BulkResult>();
  const range = Form.useWatch('range', form);
  const lines = Form.useWatch('lines', form) ?? [];
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');

  // What is already on the schedule in the range: those sessions are skipped, not doubled.
  const existing = useRequest(
    async (signal) => {
      if (!open || !from || !to || to < from) return new Set<string>();
      const keys = new Set<string>();
      for (let start = from; start <= to; start = addDays(start, QUERY_DAYS + 1)) {
        const end = addDays(start, QUERY_DAYS) < to ? addDays(start, QUERY_DAYS) : to;
        for (const s of await listStaffSchedules(facilityId, start, end, signal)) if (s.status === 'open') keys.add(`${s.doctor.id}:${s.date}:${s.period}`);
      }
      return keys;
    },
    [open, facilityId, from, to],
  );

  const preview = useMemo(() => {
    if (!from || !to) return null;
    const planned = plan(from, to, lines);
    const seen = new Set(existing.data ?? []);
    let create = 0;
    const skipped: Planned[] = [];
    for (const p of planned) {
      const key = `${p.doctorId}:${p.date}:${p.period}`;
      if (seen.has(key)) skipped.push(p);
      else {
        seen.add(key);
        create += 1;
      }
    }
    return { create, skipped, total: planned.length };
  }, [from, to, lines, existing.data]);

  const doctorName = (id: string) => [...(staffing?.ownDoctors ?? []), ...(staffing?.visitingExperts ?? [])].find((d) => d.id === id)?.name ?? '医生';

  const submit = async (v: Values) => {
    // One template entry per weekday; remember which line each came from to put errors back on it.
    const lineOf: number[] = [];
    const template = v.lines.flatMap((line, i) =>
      line.weekdays.map((weekday) => {
        lineOf.push(i);
        return {
          weekday,
          period: line.period,
          doctorId: line.doctorId,
          departmentId: line.departmentId,
          capacityPerSegment: line.capacityPerSegment,
          referralReservedPerSegment: line.referralReservedPerSegment,
          feeFen: yuanInputToFen(line.feeYuan),
        };
      }),
    );
    if (template.length > MAX_TEMPLATE) {
      setError(`模板最多${MAX_TEMPLATE}条（每个星期几算一条），请分几次排`);
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const answer = await createSchedulesFromTemplate({ facilityId, from: v.range[0].format('YYYY-MM-DD'), to: v.range[1].format('YYYY-MM-DD'), template });
      setResult(answer);
      message.success(`已新建 ${answer.created.length} 个排班`);
      onCreated();
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      const match = field?.match(/^template\.(\d+)\.(\w+)/);
      if (match && (LINE_FIELDS as readonly string[]).includes(match[2])) {
        const name = (match[2] === 'feeFen' ? 'feeYuan' : match[2] === 'weekday' ? 'weekdays' : match[2]) as keyof Line;
        form.setFields([{ name: ['lines', lineOf[Number(match[1])], name], errors: [errorMessage(err)] }]);
      } else if (field === 'from' || field === 'to') form.setFields([{ name: 'range', errors: [errorMessage(err)] }]);
      else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const close = () => {
    setResult(undefined);
    setError(undefined);
    onClose();
  };

  const today = todayInShanghai();
  const monday = nextMonday(today);
  return (
    <Modal
      open={open}
      title={`按周模板批量排班 · ${facilityName}`}
      width={920}
      onCancel={close}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={close} data-testid="schedule-bulk-done">
            完成
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>取消</Button>
            <Button type="primary" loading={saving} disabled={!preview || preview.create === 0} onClick={() => form.submit()} data-testid="schedule-bulk-submit">
              {preview && preview.create > 0 ? `新建 ${preview.create} 个排班` : '新建排班'}
            </Button>
          </Space>
        )
      }
    >
      {result ? (
        <div data-testid="schedule-bulk-result">
          <Result
            status="success"
            title={`已新建 ${result.created.length} 个排班`}
            subTitle={result.skipped.length > 0 ? `跳过 ${result.skipped.length} 个：这些时段该医生已有排班` : '没有跳过的时段'}
          >
            {result.skipped.length > 0 && (
              <List
                size="small"
                dataSource={result.skipped}
                renderItem={(s) => (
                  <List.Item>
                    {dayLabel(s.date, today)} {SESSION_PERIOD_LABELS[s.period as SessionPeriod]} · {doctorName(s.doctorId)}：{s.reason}
                  </List.Item>
                )}
              />
            )}
          </Result>
        </div>
      ) : (
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            range: [dayjs(monday), dayjs(addDays(monday, 27))],
            lines: [{ weekdays: [1, 2, 3, 4, 5], period: 'am', capacityPerSegment: 3, referralReservedPerSegment: 0, feeYuan: 5 }],
          }}
          onValuesChange={(changed: Partial<{ lines: Partial<Line>[] }>) => {
            // Picking one of the facility's own doctors picks their department too.
            changed.lines?.forEach((line, i) => {
              const departmentId = line?.doctorId ? departmentOfOwnDoctor(staffing, line.doctorId) : undefined;
              if (departmentId) form.setFieldValue(['lines', i, 'departmentId'], departmentId);
            });
          }}
        >
          <Form.Item name="range" label="排班日期范围" rules={[{ required: true, message: '请选择日期范围' }]} extra="范围内每一天，按下面的模板排班；该医生当时已有排班的会自动跳过">
            <DatePicker.RangePicker allowClear={false} disabledDate={outsideScheduleRange} data-testid="schedule-bulk-range" />
          </Form.Item>

          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <Space direction="vertical" size={10} style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <Card
                    key={field.key}
                    size="small"
                    title={`模板 ${index + 1}`}
                    data-testid="schedule-bulk-line"
                    extra={
                      fields.length > 1 && (
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)}>
                          删除
                        </Button>
                      )
                    }
                  >
                    <Row gutter={12}>
                      <Col span={10}>
                        <Form.Item name={[field.name, 'weekdays']} label="每周几" rules={[{ required: true, message: '请选择星期' }]}>
                          <Select mode="multiple" options={WEEKDAY_OPTIONS} placeholder="如 周一至周五" data-testid="schedule-bulk-weekdays" />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[field.name, 'period']} label="时段" rules={[{ required: true, message: '请选择' }]}>
                          <Select options={PERIOD_OPTIONS} />
                        </Form.Item>
                      </Col>
                      <Col span={8}>
                        <Form.Item name={[field.name, 'doctorId']} label="医生" rules={[{ required: true, message: '请选择医生' }]}>
                          <Select showSearch optionFilterProp="label" options={doctorOptions(staffing)} placeholder="选择医生" data-testid="schedule-bulk-doctor" />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[field.name, 'departmentId']} label="科室" rules={[{ required: true, message: '请选择科室' }]}>
                          <Select options={(staffing?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))} placeholder="选择科室" data-testid="schedule-bulk-department" />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[field.name, 'capacityPerSegment']} label="每段号源数（30分钟一段）" rules={[{ required: true, message: '请填写' }]}>
                          <InputNumber min={1} max={200} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[field.name, 'referralReservedPerSegment']} label="其中转诊预留" rules={[{ required: true, message: '请填写' }]}>
                          <InputNumber min={0} max={200} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[field.name, 'feeYuan']} label="挂号费（元）" rules={[{ required: true, message: '请填写' }]}>
                          <InputNumber min={0} max={10000} precision={2} style={{ width: '100%' }} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                ))}
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() => add({ weekdays: [], period: 'am', capacityPerSegment: 3, referralReservedPerSegment: 0, feeYuan: 5 })}
                  data-testid="schedule-bulk-add-line"
                >
                  再加一条模板（如另一位医生、下午出诊）
                </Button>
              </Space>
            )}
          </Form.List>

          {preview && (
            <Alert
              style={{ marginTop: 16 }}
              type={preview.create > 0 ? 'info' : 'warning'}
              showIcon
              data-testid="schedule-bulk-preview"
              message={
                existing.loading ? '正在核对已有排班…' : preview.total === 0 ? '按现在的模板，这段日期里不会新建排班（请检查星期和医生）' : `将新建 ${preview.create} 个排班`
              }
              description={
                !existing.loading && preview.skipped.length > 0
                  ? `另有 ${preview.skipped.length} 个时段该医生已有排班，会跳过：${preview.skipped
                      .slice(0, 5)
                      .map((p) => `${dayLabel(p.date, today)}${SESSION_PERIOD_LABELS[p.period]} ${doctorName(p.doctorId)}`)
                      .join('、')}${preview.skipped.length > 5 ? ' 等' : ''}`
                  : existing.error
                    ? `没能核对已有排班（${existing.error}），已有排班的时段提交后会自动跳过`
                    : undefined
              }
            />
          )}
          {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="schedule-bulk-error" />}
        </Form>
      )}
    </Modal>
  );
}
