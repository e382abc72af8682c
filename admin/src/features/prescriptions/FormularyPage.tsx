import { EditOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { CatalogueClass, Drug } from '@ygt/shared';
import { App, Button, Card, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { useFieldsFor } from '../../app/forms';
import { LoadFailed, PageHeader } from '../../app/page';
import { searchFormulary, updateDrug } from './api';
import { CLASS_OPTIONS, drugFlagLabels, yuan } from './format';
import { NewDrugModal } from './NewDrugModal';

/**
 * 药品目录: what the central pharmacy buys and delivers to townships and villages (县采镇配).
 * Its pharmacists add drugs, change a price or insurance class, and stop a drug; the special
 * management flags decide whether a drug may go on a long prescription.
 */
export function FormularyPage() {
  const { message } = App.useApp();
  const [keyword, setKeyword] = useState('');
  const [query, setQuery] = useState('');
  const drugs = useRequest((signal) => searchFormulary(query, signal), [query]);
  const [adding, setAdding] = useState(false);
  const [pricing, setPricing] = useState<Drug | null>(null);

  const setActive = async (drug: Drug, active: boolean) => {
    try {
      await updateDrug(drug.id, { active });
      void message.success(active ? `已恢复供应：${drug.genericName}` : `已停用：${drug.genericName}（不再能开具，已开的处方不受影响）`);
      drugs.reload();
    } catch (err) {
      void message.error(errorMessage(err));
    }
  };

  const columns: TableColumnsType<Drug> = [
    {
      title: '药品',
      key: 'name',
      render: (_, d) => (
        <Space direction="vertical" size={0}>
          <span>
            <Typography.Text strong>{d.genericName}</Typography.Text> {d.strength} · {d.form}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {d.code}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '包装', key: 'pack', width: 110, render: (_, d) => `${d.packSize}${d.unit}/${d.packUnit}` },
    { title: '单价', dataIndex: 'priceFen', width: 110, render: (fen: number, d) => `${yuan(fen)}/${d.packUnit}` },
    { title: '医保', dataIndex: 'insuranceClassLabel', width: 70, render: (label: string) => <Tag bordered={false}>{label}</Tag> },
    {
      title: '长期处方',
      key: 'long',
      width: 170,
      render: (_, d) => (
        <Space direction="vertical" size={2}>
          {d.longPrescription.allowed ? <Tag color="green">可开</Tag> : <Tag color="red">不可开</Tag>}
          {d.longPrescription.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d.longPrescription.note}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '特殊管理',
      key: 'flags',
      width: 150,
      render: (_, d) => {
        const labels = drugFlagLabels(d.flags);
        return labels.length ? (
          <Space size={[4, 4]} wrap>
            {labels.map((l) => (
              <Tag key={l} color="orange" bordered={false} style={{ margin: 0 }}>
                {l}
              </Tag>
            ))}
          </Space>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        );
      },
    },
    { title: '状态', dataIndex: 'active', width: 80, render: (active: boolean) => (active ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>) },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      render: (_, d) => (
        <Space size={8}>
          <Button size="small" icon={<EditOutlined />} onClick={() => setPricing(d)} data-testid="drug-price">
            改价/医保
          </Button>
          {d.active ? (
            <Popconfirm
              title={`停用 ${d.genericName}？`}
              description="停用后医生不能再开具；已开的处方照常配送。"
              okText="停用"
              cancelText="取消"
              okButtonProps={{ danger: true, 'data-testid': 'drug-stop-confirm' }}
              onConfirm={() => setActive(d, false)}
            >
              <Button size="small" danger data-testid="drug-stop">
                停用
              </Button>
            </Popconfirm>
          ) : (
            <Button size="small" onClick={() => setActive(d, true)} data-testid="drug-restore">
              恢复
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="药品目录"
        description="中心药房统一采购、配送到乡镇和村卫生室的药品（县采镇配）。毒麻精放等特殊管理药品不能开具长期处方。"
        action={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="drug-add">
            新增药品
          </Button>
        }
      />

      <Card size="small">
        <Input.Search
          allowClear
          prefix={<SearchOutlined />}
          placeholder="按通用名或药品编码查找"
          value={keyword}
          onChange={(e) => {
            setKeyword(e.target.value);
            if (!e.target.value) setQuery('');
          }}
          onSearch={(v) => setQuery(v)}
          enterButton="查找"
          style={{ maxWidth: 360, marginBottom: 12 }}
          data-testid="drug-search"
        />
        {drugs.error ? (
          <LoadFailed what="药品目录" error={drugs.error} onRetry={drugs.reload} />
        ) : (
          <Table<Drug>
            data-testid="drug-table"
            rowKey="id"
            size="middle"
            loading={drugs.loading}
            columns={columns}
            dataSource={drugs.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 种药品` }}
            locale={{ emptyText: drugs.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={query ? '没有匹配的药品' : '目录中还没有药品'} /> }}
            onRow={(d) => ({ 'data-testid': 'drug-row', 'data-code': d.code }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </Card>

      <NewDrugModal
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(drug) => {
          setAdding(false);
          void message.success(`已加入目录：${drug.genericName} ${drug.strength}`);
          setKeyword(drug.code);
          setQuery(drug.code);
        }}
      />
      <PriceModal
        drug={pricing}
        onClose={() => setPricing(null)}
        onSaved={(drug) => {
          setPricing(null);
          void message.success(`已更新：${drug.genericName} ${yuan(drug.priceFen)}/${drug.packUnit}，${drug.insuranceClassLabel}`);
          drugs.reload();
        }}
      />
    </Space>
  );
}

/** A new price (yuan, as written on the purchase list) or insurance class; applies to orders from now on. */
function PriceModal({ drug, onClose, onSaved }: { drug: Drug | null; onClose: () => void; onSaved: (drug: Drug) => void }) {
  const [form] = Form.useForm<{ priceYuan: number; insuranceClass: CatalogueClass }>();
  const [saving, setSaving] = useState(false);
  useFieldsFor(form, drug, (d) => ({ priceYuan: d.priceFen / 100, insuranceClass: d.insuranceClass }));
  const submit = async () => {
    if (!drug) return;
    const values = await form.validateFields();
    setSaving(true);
    try {
      onSaved(await updateDrug(drug.id, { priceFen: Math.round(values.priceYuan * 100), insuranceClass: values.insuranceClass }));
    } catch (err) {
      if (err instanceof ApiError && err.field === 'priceFen') form.setFields([{ name: 'priceYuan', errors: [err.message] }]);
      else form.setFields([{ name: 'priceYuan', errors: [errorMessage(err)] }]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={drug !== null}
      title={drug ? `改价/医保：${drug.genericName} ${drug.strength}` : '改价/医保'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'drug-price-save' }}
      cancelButtonProps={{ 'data-testid': 'drug-price-cancel' }}
    >
      {drug && (
        <Form form={form} layout="vertical" preserve={false} style={{ marginTop: 12 }}>
          <Form.Item name="priceYuan" label={`单价（元/${drug.packUnit}）`} extra="此后开具的处方按新价格，已开的处方仍按开具时的价格" rules={[{ required: true, message: '请填写单价' }]}>
            <InputNumber min={0.01} max={100000} precision={2} prefix="¥" style={{ width: 200 }} data-testid="drug-price-yuan" />
          </Form.Item>
          <Form.Item name="insuranceClass" label="医保类别" rules={[{ required: true, message: '请选择医保类别' }]}>
            <Select options={CLASS_OPTIONS} style={{ width: 200 }} />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
