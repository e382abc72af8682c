import { DEFAULT_SEGMENT_MINUTES, DEFAULT_SESSION_TIMES, LocalTimeSchema, SESSION_PERIOD_LABELS, type SessionPeriod, splitSession } from '@ygt/shared';
import { Alert, App, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { schemaRule, showFieldError } from '../../app/forms';
import { createSchedule } from './api';
import { todayInShanghai, yuanInputToFen } from './format';
import { departmentOfOwnDoctor, doctorOptions, type Staffing } from './staffing';

/** How far ahead a schedule may be made (the API says the same). */
export const MAX_SCHEDULE_AHEAD_DAYS = 92;

interface Values {
  date: Dayjs;
  period: SessionPeriod;
  departmentId: string;
  doctorId: string;
  startTime: string;
  endTime: string;
  segmentMinutes: number;
  capacityPerSegment: number;
  referralReservedPerSegment: number;
  feeYuan: number;
}

const FIELDS = ['date', 'period', 'departmentId', 'doctorId', 'startTime', 'endTime', 'segmentMinutes', 'capacityPerSegment', 'referralReservedPerSegment', 'feeYuan'] as const;

export function outsideScheduleRange(d: Dayjs): boolean {
  const today = todayInShanghai();
  const key = d.format('YYYY-MM-DD');
  return key < today || key > dayjs(today).add(MAX_SCHEDULE_AHEAD_DAYS, 'day').format('YYYY-MM-DD');
}

/** 新建排班: one doctor, one date, one session, split into segments with places and a fee. */
export function ScheduleFormModal({
  open,
  facilityId,
  facilityName,
  staffing,
  defaultDate,
  onClose,
  onCreated,
}: {
  open: boolean;
  facilityId: string;
  facilityName: string;
  staffing: Staffing | undefined;
  defaultDate: string;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const start = Form.useWatch('startTime', form);
  const end = Form.useWatch('endTime', form);
  const minutes = Form.useWatch('segmentMinutes', form);
  const capacity = Form.useWatch('capacityPerSegment', form);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(undefined);
    try {
      const schedule = await createSchedule({
        facilityId,
        date: v.date.format('YYYY-MM-DD'),
        period: v.period,
        departmentId: v.departmentId,
        doctorId: v.doctorId,
        startTime: v.startTime,
        endTime: v.endTime,
        segmentMinutes: v.segmentMinutes,
        capacityPerSegment: v.capacityPerSegment,
        referralReservedPerSegment: v.referralReservedPerSegment,
        feeFen: yuanInputToFen(v.feeYuan),
      });
      message.success(`已新建排班：${schedule.date} ${schedule.periodLabel} ${schedule.doctor.name}`);
      form.resetFields();
      onCreated();
    } catch (err) {
      if (err instanceof ApiError && err.field === 'feeFen') form.setFields([{ name: 'feeYuan', errors: [err.message] }]);
      else if (!showFieldError(form, err, FIELDS)) setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const split = start && end && minutes && LocalTimeSchema.safeParse(start).success && LocalTimeSchema.safeParse(end).success ? splitSession(start, end, minutes) : null;
  return (
    <Modal
      open={open}
      title={`新建排班 · ${facilityName}`}
      okText="新建排班"
      cancelText="取消"
      width={640}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={() => {
        setError(undefined);
        onClose();
      }}
      okButtonProps={{ 'data-testid': 'schedule-create-submit' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={submit}
        initialValues={{
          date: dayjs(defaultDate),
          period: 'am',
          ...DEFAULT_SESSION_TIMES.am,
          segmentMinutes: DEFAULT_SEGMENT_MINUTES,
          capacityPerSegment: 3,
          referralReservedPerSegment: 0,
          feeYuan: 5,
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.period) form.setFieldsValue(DEFAULT_SESSION_TIMES[changed.period]);
          if (changed.doctorId) {
            const departmentId = departmentOfOwnDoctor(staffing, changed.doctorId);
            if (departmentId) form.setFieldsValue({ departmentId });
          }
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="date" label="出诊日期" rules={[{ required: true, message: '请选择日期' }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={outsideScheduleRange} data-testid="schedule-form-date" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="period" label="时段" rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(Object.keys(SESSION_PERIOD_LABELS) as SessionPeriod[]).map((p) => ({ value: p, label: SESSION_PERIOD_LABELS[p] }))}
                data-testid="schedule-form-period"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="doctorId" label="医生" rules={[{ required: true, message: '请选择医生' }]}>
              <Select showSearch optionFilterProp="label" placeholder="选择出诊医生" options={doctorOptions(staffing)} data-testid="schedule-form-doctor" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="departmentId" label="科室" rules={[{ required: true, message: '请选择科室' }]} extra="选本院医生会自动带出科室；县级专家请选坐诊科室">
              <Select placeholder="选择科室" options={(staffing?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))} data-testid="schedule-form-department" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="startTime" label="开始时间" rules={[{ required: true, message: '请填写' }, schemaRule(LocalTimeSchema)]}>
              <Input placeholder="08:00" maxLength={5} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="endTime" label="结束时间" rules={[{ required: true, message: '请填写' }, schemaRule(LocalTimeSchema)]}>
              <Input placeholder="12:00" maxLength={5} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="segmentMinutes" label="每段时长（分钟）" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={5} max={240} step={5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="capacityPerSegment" label="每段号源数" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={1} max={200} style={{ width: '100%' }} data-testid="schedule-form-capacity" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="referralReservedPerSegment"
              label="其中转诊预留"
              dependencies={['capacityPerSegment']}
              rules={[
                { required: true, message: '请填写' },
                ({ getFieldValue }) => ({
                  validator: async (_, value: number) => {
                    if (value > getFieldValue('capacityPerSegment')) throw new Error('不能超过每段号源数');
                  },
                }),
              ]}
              tooltip="留给基层医生转诊患者的号，临近就诊时未用完会放给公众"
            >
              <InputNumber min={0} max={200} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="feeYuan" label="挂号费（元）" rules={[{ required: true, message: '请填写' }]}>
              <InputNumber min={0} max={10000} precision={2} step={1} style={{ width: '100%' }} data-testid="schedule-form-fee" />
            </Form.Item>
          </Col>
        </Row>
        {split && (
          <Typography.Text type={split.ok ? 'secondary' : 'danger'} data-testid="schedule-form-preview">
            {split.ok
              ? `分为 ${split.segments.length} 段（${split.segments[0].startTime}-${split.segments[0].endTime} … ${split.segments.at(-1)!.startTime}-${split.segments.at(-1)!.endTime}），每段 ${capacity ?? 0} 个号，共 ${split.segments.length * (capacity ?? 0)} 个号`
              : split.message}
          </Typography.Text>
        )}
        {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="schedule-form-error" />}
      </Form>
    </Modal>
  );
}
