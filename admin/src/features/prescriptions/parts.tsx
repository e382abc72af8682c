import type { LongPrescriptionItem, MedicineOrder, MedicineOrderState } from '@ygt/shared';
import { Table, Tag, Timeline, Typography } from 'antd';
import { dateTimeOf, usageOf, yuan } from './format';

/** Pieces the prescription pages share: the medicines table, an order's timeline, state tags. */

export function MedicinesTable({ items, testId }: { items: LongPrescriptionItem[]; testId?: string }) {
  return (
    <Table<LongPrescriptionItem>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={items}
      data-testid={testId}
      columns={[
        {
          title: '药品',
          render: (_, item) => (
            <span>
              <Typography.Text strong>{item.genericName}</Typography.Text> <Typography.Text type="secondary">{item.strength}</Typography.Text>
            </span>
          ),
        },
        { title: '病种', dataIndex: 'conditionName', width: 110 },
        { title: '用法用量', render: (_, item) => usageOf(item) },
        { title: '天数', dataIndex: 'daysOfSupply', width: 64, align: 'right' },
        { title: '数量', width: 72, align: 'right', render: (_, item) => `${item.quantityPacks}${item.packUnit}` },
        { title: '金额', width: 88, align: 'right', render: (_, item) => yuan(item.amountFen) },
      ]}
    />
  );
}

export function OrderTimeline({ order }: { order: MedicineOrder }) {
  return (
    <Timeline
      data-testid="order-timeline"
      items={order.timeline.map((event) => ({
        children: (
          <div>
            <Typography.Text strong>{event.label}</Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {dateTimeOf(event.at)} · {event.facilityName ? `${event.facilityName} ` : ''}
                {event.actorName}
              </Typography.Text>
            </div>
            {event.note && <Typography.Text>{event.note}</Typography.Text>}
          </div>
        ),
      }))}
    />
  );
}

const STATE_COLORS: Partial<Record<MedicineOrderState, string>> = {
  pharmacist_review: 'gold',
  awaiting_payment: 'orange',
  to_dispense: 'blue',
  dispensed: 'geekblue',
  packed: 'purple',
  shipped: 'cyan',
  sent_to_clinic: 'cyan',
  ready_for_pickup: 'green',
  picked_up: 'default',
  delivered: 'default',
  returned_to_doctor: 'red',
  cancelled: 'default',
};

export function OrderStateTag({ state, label }: { state: MedicineOrderState; label: string }) {
  return (
    <Tag color={STATE_COLORS[state]} bordered={false} style={{ margin: 0 }}>
      {label}
    </Tag>
  );
}

/** 到东岭村卫生室取 / 快递到家: how the medicine reaches the patient. */
export function fulfilmentText(order: { fulfilment: 'pickup' | 'delivery'; pickupFacility: { name: string } | null }): string {
  return order.fulfilment === 'pickup' ? `到${order.pickupFacility?.name ?? '取药点'}取` : '快递到家';
}
