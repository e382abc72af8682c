import { canApply, type StaffBooking, toEpochMs } from '@ygt/shared';
import { App, Button, Popconfirm, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { applyDeskAction, type DeskAction } from './api';

const DONE_WORDS: Record<DeskAction, string> = { confirm: '已确认', 'check-in': '已签到', complete: '已标记完成', 'no-show': '已标记爽约' };

interface Props {
  booking: StaffBooking;
  /** Today in Asia/Shanghai: check-in is only on the day. */
  today: string;
  /** After any attempt that may have changed the booking: reload what shows it. */
  onChanged: () => void;
  onReject: (booking: StaffBooking) => void;
  /** Prefix of the buttons' test ids: `booking` in the queue, `booking-drawer` in the drawer. */
  testIdPrefix: string;
  size?: 'small' | 'middle';
}

/** 确认 / 拒绝 / 签到 / 完成 / 爽约: only the moves the booking's status allows, each with its time rule. */
export function DeskActions({ booking, today, onChanged, onReject, testIdPrefix, size = 'small' }: Props) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<DeskAction>();
  const { status } = booking;
  const started = Date.now() >= toEpochMs(booking.date, booking.startTime);
  const tid = (name: string) => `${testIdPrefix}-${name}`;

  const run = async (action: DeskAction) => {
    setBusy(action);
    try {
      await applyDeskAction(booking.id, action);
      message.success(`${booking.patient.name}：${DONE_WORDS[action]}`);
      onChanged();
    } catch (err) {
      // Someone else moved it meanwhile (409): show why, and the fresh row.
      message.error(errorMessage(err));
      if (err instanceof ApiError && err.status === 409) onChanged();
    } finally {
      setBusy(undefined);
    }
  };

  const buttons = [];
  if (canApply('confirm', status)) {
    buttons.push(
      <Button key="confirm" type="primary" size={size} loading={busy === 'confirm'} onClick={() => run('confirm')} data-testid={tid('confirm')}>
        确认
      </Button>,
    );
  }
  if (canApply('check_in', status)) {
    const onTheDay = booking.date === today;
    buttons.push(
      <Tooltip key="check-in" title={onTheDay ? '患者到了，点签到' : '就诊当天才能签到'}>
        <Button size={size} disabled={!onTheDay} loading={busy === 'check-in'} onClick={() => run('check-in')} data-testid={tid('checkin')}>
          签到
        </Button>
      </Tooltip>,
    );
  }
  if (canApply('complete', status)) {
    buttons.push(
      <Button key="complete" type="primary" ghost size={size} loading={busy === 'complete'} onClick={() => run('complete')} data-testid={tid('complete')}>
        完成
      </Button>,
    );
  }
  if (canApply('no_show', status) && started) {
    buttons.push(
      <Popconfirm
        key="no-show"
        title={`确认${booking.patient.name}爽约？`}
        description="患者没有来就诊。爽约会被记录，多次爽约的患者会被暂停网上预约。此操作不能撤销。"
        okText="确认爽约"
        cancelText="再等等"
        okButtonProps={{ danger: true, 'data-testid': tid('noshow-confirm') }}
        onConfirm={() => run('no-show')}
      >
        <Button size={size} loading={busy === 'no-show'} data-testid={tid('noshow')}>
          爽约
        </Button>
      </Popconfirm>,
    );
  }
  if (canApply('reject', status)) {
    buttons.push(
      <Button key="reject" danger size={size} onClick={() => onReject(booking)} data-testid={tid('reject')}>
        拒绝
      </Button>,
    );
  }
  if (buttons.length === 0) return null;
  return (
    <Space size={6} wrap>
      {buttons}
    </Space>
  );
}
