import { CheckOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { PersonNameSchema, PickUpOrderSchema, ResidentIdNumberSchema, type MedicineOrderSummary } from '@ygt/shared';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Space, Spin, Table, Tabs, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { schemaRule } from '../../app/forms';
import { useSession } from '../auth/session';
import { type ClinicOrderState, getClinicOrder, listClinicOrders, pickUpAtClinic, receiveAtClinic } from './api';
import { dateTimeOf } from './format';
import { MedicinesTable } from './parts';

const TABS: { key: ClinicOrderState; label: string; hint: string; empty: string }[] = [
  { key: 'sent_to_clinic', label: '待收货', hint: '中心药房送来的药品。收到包裹后点“收货”，系统会生成6位取药码发给居民。', empty: '没有在路上的药品' },
  { key: 'ready_for_pickup', label: '待取药', hint: '居民来取药时，请居民报出取药码，核对后发药。家人代取要登记代取人的姓名和身份证号。', empty: '没有等待领取的药品' },
  { key: 'picked_up', label: '已取药', hint: '已经发给居民的药品。', empty: '还没有取走的药品' },
];

/** 取药: long-prescription medicine sent to this township centre or village clinic (县采镇配). */
export function ClinicPickupPage() {
  const { staff } = useSession();
  const manyPlaces = (staff?.facilities.length ?? 0) > 1;
  const [state, setState] = useState<ClinicOrderState>('sent_to_clinic');
  const [handingOut, setHandingOut] = useState<MedicineOrderSummary>();
  const list = useRequest((signal) => listClinicOrders(state, signal), [state]);
  const tab = TABS.find((t) => t.key === state)!;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%', maxWidth: 1000 }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          取药
        </Typography.Title>
        <Typography.Text type="secondary">居民续方的药由中心药房配好送到这里，居民凭取药码来取。</Typography.Text>
      </div>

      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Tabs
          activeKey={state}
          onChange={(key) => setState(key as ClinicOrderState)}
          style={{ marginBottom: -16 }}
          items={TABS.map((t) => ({ key: t.key, label: <span data-testid={`clinic-tab-${t.key}`}>{t.label}</span> }))}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="clinic-reload">
          刷新
        </Button>
      </Space>
      <Typography.Text type="secondary">{tab.hint}</Typography.Text>

      {list.error ? (
        <Alert type="error" showIcon message="没有加载出来" description={list.error} action={<Button onClick={list.reload}>重试</Button>} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<MedicineOrderSummary>
            rowKey="id"
            loading={list.loading}
            dataSource={list.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: tab.empty }}
            onRow={(row) => ({ 'data-testid': 'clinic-order-row', 'data-order-id': row.id, 'data-state': row.state }) as HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: '患者',
                render: (_, row) => (
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {row.patientName}
                  </Typography.Text>
                ),
              },
              ...(manyPlaces ? [{ title: '取药点', render: (_: unknown, row: MedicineOrderSummary) => row.pickupFacility?.name ?? '' }] : []),
              { title: '药品', width: 80, align: 'right' as const, render: (_, row) => `${row.itemCount}种` },
              { title: '发出药房', render: (_, row) => row.pharmacy.name },
              { title: state === 'picked_up' ? '取药时间' : '更新时间', width: 150, render: (_, row) => dateTimeOf(row.updatedAt) },
              {
                title: '操作',
                width: 150,
                render: (_, row) =>
                  row.state === 'sent_to_clinic' ? (
                    <ReceiveButton order={row} onReceived={list.reload} />
                  ) : row.state === 'ready_for_pickup' ? (
                    <Button type="primary" icon={<CheckOutlined />} onClick={() => setHandingOut(row)} data-testid="clinic-hand-out">
                      发药
                    </Button>
                  ) : (
                    <Typography.Text type="secondary">已取</Typography.Text>
                  ),
              },
            ]}
          />
        </Card>
      )}

      <PickUpModal
        order={handingOut}
        onClose={() => setHandingOut(undefined)}
        onPickedUp={() => {
          setHandingOut(undefined);
          list.reload();
        }}
      />
    </Space>
  );
}

function ReceiveButton({ order, onReceived }: { order: MedicineOrderSummary; onReceived: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const receive = async () => {
    setBusy(true);
    try {
      await receiveAtClinic(order.id);
      message.success(`已收货，取药码已发给${order.patientName}`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
      onReceived();
    }
  };
  return (
    <Popconfirm
      title={`收到${order.patientName}的药品了吗？`}
      description="请核对包裹上的姓名。收货后系统会生成取药码并通知居民来取。"
      okText="确认收货"
      cancelText="取消"
      okButtonProps={{ 'data-testid': 'clinic-receive-confirm' }}
      onConfirm={receive}
    >
      <Button type="primary" icon={<InboxOutlined />} loading={busy} data-testid="clinic-receive">
        收货
      </Button>
    </Popconfirm>
  );
}

interface PickUpValues {
  pickupCode: string;
  byProxy: boolean;
  proxyName?: string;
  proxyIdNumber?: string;
}

/** 发药: check the code the resident reads out; a proxy leaves their name and ID number. */
function PickUpModal({ order, onClose, onPickedUp }: { order: MedicineOrderSummary | undefined; onClose: () => void; onPickedUp: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PickUpValues>();
  const byProxy = Form.useWatch('byProxy', form);
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string>();
  // The medicines, to check against the parcel (the read is audited).
  const detail = useRequest((signal) => (order ? getClinicOrder(order.id, signal) : Promise.resolve(undefined)), [order?.id]);

  const submit = async () => {
    if (!order) return;
    const values = await form.validateFields();
    setSaving(true);
    setFormError(undefined);
    try {
      await pickUpAtClinic(
        order.id,
        values.pickupCode.trim(),
        values.byProxy ? { name: values.proxyName!.trim(), idNumber: values.proxyIdNumber!.trim().toUpperCase() } : undefined,
      );
      message.success(`${order.patientName}的药已发出${values.byProxy ? `（${values.proxyName}代取）` : ''}`);
      form.resetFields();
      onPickedUp();
    } catch (err) {
      const field = err instanceof ApiError ? err.field : undefined;
      const name = field === 'pickupCode' ? 'pickupCode' : field === 'proxy.name' ? 'proxyName' : field === 'proxy.idNumber' ? 'proxyIdNumber' : null;
      if (name) form.setFields([{ name, errors: [(err as ApiError).message.replace(/^参数 \S+ 不正确：/, '')] }]);
      else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={order !== undefined}
      title={order ? `发药：${order.patientName}` : ''}
      okText="核对无误，发药"
      okButtonProps={{ 'data-testid': 'clinic-pickup-submit' }}
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnClose
      width={640}
    >
      {detail.loading && !detail.data ? (
        <Spin>
          <div style={{ height: 60 }} />
        </Spin>
      ) : detail.data ? (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">请核对包裹里的药品：</Typography.Text>
          <MedicinesTable items={detail.data.items} />
        </div>
      ) : null}
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} data-testid="clinic-pickup-error" />}
      <Form form={form} layout="vertical" preserve={false} initialValues={{ byProxy: false }}>
        <Form.Item
          name="pickupCode"
          label="取药码（请居民报出手机上的6位数字）"
          rules={[{ required: true, message: '请输入取药码' }, schemaRule(PickUpOrderSchema.shape.pickupCode)]}
        >
          <Input
            size="large"
            maxLength={6}
            inputMode="numeric"
            autoComplete="off"
            placeholder="6位数字"
            style={{ fontSize: 24, letterSpacing: 8, width: 220 }}
            data-testid="clinic-pickup-code"
          />
        </Form.Item>
        <Form.Item name="byProxy" valuePropName="checked">
          <Checkbox data-testid="clinic-pickup-proxy">家人代取（登记代取人身份证）</Checkbox>
        </Form.Item>
        {byProxy && (
          <Space size={16} align="start" wrap>
            <Form.Item name="proxyName" label="代取人姓名" rules={[{ required: true, whitespace: true, message: '请填写代取人姓名' }, schemaRule(PersonNameSchema)]}>
              <Input maxLength={30} data-testid="clinic-proxy-name" />
            </Form.Item>
            <Form.Item
              name="proxyIdNumber"
              label="代取人身份证号"
              rules={[{ required: true, message: '请填写代取人身份证号' }, schemaRule(ResidentIdNumberSchema)]}
            >
              <Input maxLength={18} style={{ width: 240 }} data-testid="clinic-proxy-id" />
            </Form.Item>
          </Space>
        )}
      </Form>
    </Modal>
  );
}
