import { ReloadOutlined } from '@ant-design/icons';
import { ShipOrderSchema, type MedicineOrder, type MedicineOrderState, type MedicineOrderSummary } from '@ygt/shared';
import { Alert, App, Badge, Button, Card, Descriptions, Drawer, Form, Input, Modal, Popconfirm, Space, Spin, Table, Tabs, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { schemaRule } from '../../app/forms';
import { getPharmacyOrder, listPharmacyOrders, movePharmacyOrder, type PharmacyMove, returnToDoctor, shipOrder } from './api';
import { dateTimeOf, yuan } from './format';
import { fulfilmentText, MedicinesTable, OrderStateTag, OrderTimeline } from './parts';

/** The board's columns, in the order medicine moves through the pharmacy. */
const COLUMNS: { state: MedicineOrderState; label: string; hint: string }[] = [
  { state: 'pharmacist_review', label: '待审方', hint: '医生已开具续方，请核对处方后审方。' },
  { state: 'awaiting_payment', label: '待支付', hint: '审方已通过，等居民在小程序里支付自付部分；付好后自动进入“待配药”。' },
  { state: 'to_dispense', label: '待配药', hint: '居民已支付（或无需自付），请调配。' },
  { state: 'dispensed', label: '已配药', hint: '已调配，请核对后打包。' },
  { state: 'packed', label: '已打包', hint: '自取的送往取药点；送药上门的填写快递单号发货。' },
  { state: 'shipped', label: '已发出', hint: '快递在途；居民签收后点“已签收”。' },
  { state: 'sent_to_clinic', label: '送卫生室', hint: '已送往乡镇卫生院/村卫生室，等取药点收货。' },
];

/** The order a 快递发货 dialog is for. */
type ShipTarget = Pick<MedicineOrderSummary, 'id' | 'patientName'>;

interface MoveButton {
  move: PharmacyMove;
  label: string;
  confirm: string;
}

/** The one plain move an order in this state takes at the pharmacy (審方 and 发货 have their own dialogs). */
function plainMove(order: Pick<MedicineOrderSummary, 'state' | 'fulfilment'>): MoveButton | null {
  switch (order.state) {
    case 'to_dispense':
      return { move: 'dispense', label: '调配完成', confirm: '药品已按处方调配完毕？' };
    case 'dispensed':
      return { move: 'pack', label: '打包完成', confirm: '已核对药品并打包？' };
    case 'packed':
      return order.fulfilment === 'pickup' ? { move: 'send-to-clinic', label: '送往取药点', confirm: '药品已交给配送，送往取药点？' } : null;
    case 'shipped':
      return { move: 'deliver', label: '已签收', confirm: '快递显示居民已签收？' };
    default:
      return null;
  }
}

/** 药房: the central pharmacy's board of medicine orders from approved renewals (县采镇配). */
export function PharmacyBoardPage() {
  const [state, setState] = useState<MedicineOrderState>('pharmacist_review');
  const [openId, setOpenId] = useState<string>();
  const [shipping, setShipping] = useState<ShipTarget>();
  const board = useRequest((signal) => listPharmacyOrders(undefined, signal), []);
  const all = board.data ?? [];
  const rows = all.filter((o) => o.state === state);
  const column = COLUMNS.find((c) => c.state === state)!;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 1200 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          药房
        </Typography.Title>
        <Typography.Text type="secondary">长期处方续方的药品订单。每一步都会记录操作人和时间，居民在小程序里能看到进度。打开订单详情会记入居民可见的访问记录。</Typography.Text>
      </div>

      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Tabs
          activeKey={state}
          onChange={(key) => setState(key as MedicineOrderState)}
          style={{ marginBottom: -16 }}
          items={COLUMNS.map((c) => {
            const count = all.filter((o) => o.state === c.state).length;
            return {
              key: c.state,
              label: (
                <span data-testid={`pharmacy-tab-${c.state}`}>
                  {c.label} <Badge count={count} showZero={false} color={c.state === 'pharmacist_review' || c.state === 'to_dispense' ? '#cf1322' : '#8c8c8c'} />
                </span>
              ),
            };
          })}
        />
        <Button icon={<ReloadOutlined />} onClick={board.reload} data-testid="pharmacy-reload">
          刷新
        </Button>
      </Space>

      <Typography.Text type="secondary">{column.hint}</Typography.Text>

      {board.error ? (
        <Alert type="error" showIcon message="看板没有加载出来" description={board.error} action={<Button onClick={board.reload}>重试</Button>} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<MedicineOrderSummary>
            rowKey="id"
            loading={board.loading}
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: `没有“${column.label}”的订单` }}
            onRow={(row) => ({ 'data-testid': 'pharmacy-order-row', 'data-order-id': row.id, 'data-state': row.state }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: '患者',
                render: (_, row) => (
                  <Button type="link" style={{ padding: 0, fontSize: 15 }} onClick={() => setOpenId(row.id)}>
                    {row.patientName}
                  </Button>
                ),
              },
              { title: '状态', width: 140, render: (_, row) => <OrderStateTag state={row.state} label={row.stateLabel} /> },
              { title: '取药方式', render: (_, row) => fulfilmentText(row) },
              { title: '药品', width: 70, align: 'right', render: (_, row) => `${row.itemCount}种` },
              { title: '居民自付', width: 90, align: 'right', render: (_, row) => yuan(row.coPayFen) },
              { title: '更新时间', width: 150, render: (_, row) => dateTimeOf(row.updatedAt) },
              {
                title: '操作',
                width: 220,
                render: (_, row) => <RowActions order={row} onOpen={() => setOpenId(row.id)} onShip={() => setShipping(row)} onMoved={board.reload} />,
              },
            ]}
          />
        </Card>
      )}

      <OrderDrawer orderId={openId} onClose={() => setOpenId(undefined)} onChanged={board.reload} onShip={(o) => setShipping(o)} />
      <ShipModal
        order={shipping}
        onClose={() => setShipping(undefined)}
        onShipped={() => {
          setShipping(undefined);
          board.reload();
        }}
      />
    </Space>
  );
}

function RowActions({ order, onOpen, onShip, onMoved }: { order: MedicineOrderSummary; onOpen: () => void; onShip: () => void; onMoved: () => void }) {
  if (order.state === 'pharmacist_review') {
    return (
      <Button type="primary" onClick={onOpen} data-testid="pharmacy-open-review">
        审方
      </Button>
    );
  }
  if (order.state === 'packed' && order.fulfilment === 'delivery') {
    return (
      <Button type="primary" onClick={onShip} data-testid="pharmacy-action-ship">
        快递发货
      </Button>
    );
  }
  const move = plainMove(order);
  if (!move) return <Typography.Text type="secondary">{order.state === 'awaiting_payment' ? '等居民支付' : '等取药点收货'}</Typography.Text>;
  return <MoveAction orderId={order.id} patientName={order.patientName} move={move} onMoved={onMoved} />;
}

function MoveAction({ orderId, patientName, move, onMoved }: { orderId: string; patientName: string; move: MoveButton; onMoved: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const order = await movePharmacyOrder(orderId, move.move);
      message.success(`${patientName}：${order.stateLabel}`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
      // Moved, or moved by someone else meanwhile: show where it is now.
      onMoved();
    }
  };
  return (
    <Popconfirm
      title={`${patientName}的药品`}
      description={move.confirm}
      okText={move.label}
      cancelText="取消"
      okButtonProps={{ 'data-testid': 'pharmacy-confirm' }}
      onConfirm={run}
    >
      <Button type="primary" loading={busy} data-testid={`pharmacy-action-${move.move}`}>
        {move.label}
      </Button>
    </Popconfirm>
  );
}

function OrderDrawer({ orderId, onClose, onChanged, onShip }: { orderId: string | undefined; onClose: () => void; onChanged: () => void; onShip: (o: ShipTarget) => void }) {
  const detail = useRequest((signal) => (orderId ? getPharmacyOrder(orderId, signal) : Promise.resolve(undefined)), [orderId]);
  const order = detail.data;
  const changed = () => {
    detail.reload();
    onChanged();
  };
  return (
    <Drawer open={orderId !== undefined} onClose={onClose} width={780} title="药品订单" destroyOnClose data-testid="pharmacy-order-drawer">
      {detail.error ? (
        <Alert type="error" showIcon message="没有加载出来" description={detail.error} action={<Button onClick={detail.reload}>重试</Button>} />
      ) : !order ? (
        <Spin tip="正在加载…">
          <div style={{ height: 120 }} />
        </Spin>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={2}
            title={
              <Space>
                <span style={{ fontSize: 18 }}>{order.patientName}</span>
                <OrderStateTag state={order.state} label={order.stateLabel} />
              </Space>
            }
          >
            <Descriptions.Item label="取药方式" span={2}>
              {fulfilmentText(order)}
              {order.delivery ? `：${order.delivery.address}（${order.delivery.recipientName} ${order.delivery.phone}）` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="药费">{yuan(order.coPay.itemsTotalFen)}</Descriptions.Item>
            <Descriptions.Item label="医保/自付">
              {yuan(order.coPay.insuranceFen)} / {yuan(order.coPay.amountFen)}
              {order.coPay.paidAt ? '（已付）' : ''}
            </Descriptions.Item>
            {order.courier && (
              <Descriptions.Item label="快递" span={2}>
                {order.courier} {order.trackingNo}
              </Descriptions.Item>
            )}
          </Descriptions>
          <MedicinesTable items={order.items} testId="pharmacy-medicines" />
          {order.healthAdvice && (
            <Typography.Paragraph>
              <Typography.Text type="secondary">健康处方：</Typography.Text>
              {order.healthAdvice}
            </Typography.Paragraph>
          )}
          <DrawerActions
            order={order}
            onChanged={changed}
            onReviewed={() => {
              onChanged();
              onClose();
            }}
            onShip={onShip}
          />
          <div>
            <Typography.Title level={5}>办理记录</Typography.Title>
            <OrderTimeline order={order} />
          </div>
        </Space>
      )}
    </Drawer>
  );
}

/** `onReviewed`: 审方 done (approved or returned), the pharmacist moves on to the next order. */
function DrawerActions({ order, onChanged, onReviewed, onShip }: { order: MedicineOrder; onChanged: () => void; onReviewed: () => void; onShip: (o: ShipTarget) => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);

  if (order.state === 'pharmacist_review') {
    const approve = async () => {
      setBusy(true);
      try {
        const next = await movePharmacyOrder(order.id, 'approve');
        message.success(`${order.patientName}：${next.state === 'awaiting_payment' ? '审方通过，等居民支付自付部分' : '审方通过，可以调配了'}`);
        onReviewed();
      } catch (err) {
        message.error(errorMessage(err));
        onChanged();
      } finally {
        setBusy(false);
      }
    };
    return (
      <Space>
        <Popconfirm title="审方通过？" description="处方用法用量、禁忌和配伍已核对无误。" okText="审方通过" cancelText="取消" okButtonProps={{ 'data-testid': 'pharmacy-confirm' }} onConfirm={approve}>
          <Button type="primary" size="large" loading={busy} data-testid="pharmacy-action-approve">
            审方通过
          </Button>
        </Popconfirm>
        <Button danger size="large" onClick={() => setReturning(true)} data-testid="pharmacy-action-return">
          退回医生
        </Button>
        <ReturnModal open={returning} order={order} onClose={() => setReturning(false)} onReturned={onReviewed} />
      </Space>
    );
  }
  if (order.state === 'packed' && order.fulfilment === 'delivery') {
    return (
      <Button type="primary" size="large" onClick={() => onShip(order)} data-testid="pharmacy-action-ship">
        快递发货
      </Button>
    );
  }
  const move = plainMove(order);
  return move ? <MoveAction orderId={order.id} patientName={order.patientName} move={move} onMoved={onChanged} /> : null;
}

function ReturnModal({ open, order, onClose, onReturned }: { open: boolean; order: MedicineOrder; onClose: () => void; onReturned: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const { reason } = await form.validateFields();
    setSaving(true);
    try {
      await returnToDoctor(order.id, reason.trim());
      message.success('已退回医生重新审核');
      onClose();
      onReturned();
    } catch (err) {
      if (err instanceof ApiError && err.field === 'reason') form.setFields([{ name: 'reason', errors: [err.message] }]);
      else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={`退回 ${order.patientName} 的处方给医生`}
      okText="确认退回"
      okButtonProps={{ danger: true, 'data-testid': 'pharmacy-return-submit' }}
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnClose
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label="退回原因（医生会看到）" rules={[{ required: true, whitespace: true, min: 2, message: '请填写退回原因' }]}>
          <Input.TextArea rows={3} maxLength={200} showCount placeholder="如：二甲双胍剂量与肾功能不符，请核实" data-testid="pharmacy-return-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ShipModal({ order, onClose, onShipped }: { order: ShipTarget | undefined; onClose: () => void; onShipped: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ courier: string; trackingNo: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (!order) return;
    const values = await form.validateFields();
    setSaving(true);
    try {
      await shipOrder(order.id, values.courier.trim(), values.trackingNo.trim());
      message.success(`${order.patientName}的药品已发货`);
      onShipped();
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'courier' || err.field === 'trackingNo')) form.setFields([{ name: err.field, errors: [err.message] }]);
      else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={order !== undefined}
      title={order ? `快递发货：${order.patientName}` : ''}
      okText="确认发货"
      okButtonProps={{ 'data-testid': 'pharmacy-ship-submit' }}
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnClose
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="courier" label="快递公司" rules={[{ required: true, whitespace: true, message: '请填写快递公司' }, schemaRule(ShipOrderSchema.shape.courier)]}>
          <Input maxLength={20} placeholder="如：中国邮政、顺丰速运" data-testid="pharmacy-ship-courier" />
        </Form.Item>
        <Form.Item
          name="trackingNo"
          label="运单号"
          rules={[{ required: true, message: '请填写运单号' }, schemaRule(ShipOrderSchema.shape.trackingNo)]}
        >
          <Input maxLength={30} placeholder="快递单上的运单号" data-testid="pharmacy-ship-tracking" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
