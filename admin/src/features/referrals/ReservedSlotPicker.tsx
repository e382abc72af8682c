import type { Schedule } from '@ygt/shared';
import { Alert, Button, Empty, Radio, Select, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useRequest } from '../../api/useRequest';
import { dayLabel, yuan } from '../booking/format';
import { getScheduleSlots, listDepartmentSchedules } from './api';

/** A chosen reserved place, with the words to show it back. */
export interface PickedSlot {
  slotId: string;
  text: string;
}

/**
 * 转诊预留号源: the receiving department's coming sessions that still have referral places, then a
 * segment of one. Public places are never offered here (the API books from the reserve only).
 */
export function ReservedSlotPicker({ departmentId, value, onChange }: { departmentId: string; value: PickedSlot | undefined; onChange: (slot: PickedSlot | undefined) => void }) {
  const [scheduleId, setScheduleId] = useState<string>();
  const schedules = useRequest(async (signal) => (await listDepartmentSchedules(departmentId, signal)).filter((s) => s.status === 'open' && s.referralRemaining > 0), [departmentId]);
  const detail = useRequest((signal) => (scheduleId ? getScheduleSlots(scheduleId, signal) : Promise.resolve(undefined)), [scheduleId]);

  if (schedules.error) {
    return (
      <Alert
        type="error"
        showIcon
        message="号源没有加载出来"
        description={schedules.error}
        action={
          <Button size="small" onClick={schedules.reload}>
            重试
          </Button>
        }
      />
    );
  }
  if (!schedules.data) return <Spin size="small" />;
  if (schedules.data.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="该科室近期没有剩余的转诊预留号，可以先转诊，接收科室再安排就诊时间" data-testid="referral-no-slots" />;
  }

  const scheduleText = (s: Schedule) => `${dayLabel(s.date)} ${s.periodLabel} · ${s.doctor.name}（${s.doctor.titleLabel}）· 挂号费${yuan(s.feeFen)}`;
  const slots = (detail.data?.slots ?? []).filter((slot) => slot.referralRemaining > 0 && slot.state !== 'started' && slot.state !== 'stopped');
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }}>
      <Select
        placeholder="选择就诊日期和医生"
        value={scheduleId}
        onChange={(id) => {
          setScheduleId(id);
          onChange(undefined);
        }}
        options={schedules.data.map((s) => ({ value: s.id, label: `${scheduleText(s)} · 转诊余号${s.referralRemaining}个` }))}
        data-testid="referral-schedule"
      />
      {scheduleId &&
        (detail.error ? (
          <Alert type="error" showIcon message={detail.error} />
        ) : !detail.data ? (
          <Spin size="small" />
        ) : slots.length === 0 ? (
          <Typography.Text type="secondary">这个时段的转诊预留号刚刚用完，请选其他时段</Typography.Text>
        ) : (
          <Radio.Group
            value={value?.slotId}
            onChange={(e) => {
              const slot = slots.find((s) => s.id === e.target.value)!;
              onChange({ slotId: slot.id, text: `${scheduleText(detail.data!)} ${slot.startTime}-${slot.endTime}` });
            }}
            data-testid="referral-slots"
          >
            <Space wrap size={[8, 8]}>
              {slots.map((slot) => (
                <Radio.Button key={slot.id} value={slot.id}>
                  <span data-testid="referral-slot">
                    {slot.startTime}-{slot.endTime}（余{slot.referralRemaining}）
                  </span>
                </Radio.Button>
              ))}
            </Space>
          </Radio.Group>
        ))}
      {value && (
        <Typography.Text type="success" data-testid="referral-slot-picked">
          已选：{value.text}
        </Typography.Text>
      )}
    </Space>
  );
}
