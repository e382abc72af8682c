import { EditOutlined, SearchOutlined } from '@ant-design/icons';
import { RESULT_SECTIONS, UpdateCatalogueItemSchema, type ResultCatalogueItem } from '@ygt/shared';
import { Alert, App, Button, Card, Empty, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { schemaRule, useFieldsFor } from '../../app/forms';
import { LoadFailed, PageHeader } from '../../app/page';
import { getResultCatalogue, updateCatalogueItem } from './api';

const KIND_LABELS: Record<ResultCatalogueItem['kind'], string> = { item: '检验项目', panel: '检验组合', exam: '检查' };

/**
 * 互认目录: which results every member facility recognises (检查检验结果互认), for how many days
 * after the result, and which wait for a doctor to release them. Community admins keep it.
 */
export function CataloguePage() {
  const catalogue = useRequest((signal) => getResultCatalogue(signal), []);
  const [keyword, setKeyword] = useState('');
  const [editing, setEditing] = useState<ResultCatalogueItem | null>(null);
  const { message } = App.useApp();

  const shown = useMemo(() => {
    const k = keyword.trim().toUpperCase();
    const items = catalogue.data?.items ?? [];
    return k ? items.filter((i) => i.name.toUpperCase().includes(k) || i.code.toUpperCase().includes(k) || i.localCodes.some((c) => c.toUpperCase().includes(k))) : items;
  }, [catalogue.data, keyword]);
  const recognised = (catalogue.data?.items ?? []).filter((i) => i.recognised).length;

  const columns: TableColumnsType<ResultCatalogueItem> = [
    {
      title: '项目',
      key: 'name',
      render: (_, i) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{i.name}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {i.code}
            {i.localCodes.length ? ` · 本地编码 ${i.localCodes.join('、')}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '类别', key: 'section', width: 150, render: (_, i) => `${RESULT_SECTIONS[i.section].label} · ${KIND_LABELS[i.kind]}` },
    {
      title: '互认',
      dataIndex: 'recognised',
      width: 90,
      render: (on: boolean) => (on ? <Tag color="green">{catalogue.data?.mark ?? 'HR'}</Tag> : <Tag>不互认</Tag>),
    },
    { title: '有效期', dataIndex: 'validityDays', width: 90, render: (days: number, i) => (i.recognised ? `${days} 天` : <Typography.Text type="secondary">—</Typography.Text>) },
    { title: '医生发布', dataIndex: 'holdForReview', width: 100, render: (hold: boolean) => (hold ? '需审核发布' : <Typography.Text type="secondary">自动发布</Typography.Text>) },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, i) => (
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(i)} data-testid="catalogue-edit">
          修改
        </Button>
      ),
    },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="互认目录"
        description={`标有“${catalogue.data?.mark ?? 'HR'}”的项目在医共体各机构之间互认：有效期内，接诊医生可直接采用，居民不必重复检查。医生的诊断结论不在互认范围内。`}
      />
      <Card size="small">
        <Space style={{ marginBottom: 12 }} wrap>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder="按项目名称或编码查找"
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            style={{ width: 280 }}
            data-testid="catalogue-search"
          />
          {catalogue.data && (
            <Typography.Text type="secondary">
              共 {catalogue.data.items.length} 项，互认 {recognised} 项
            </Typography.Text>
          )}
        </Space>
        {catalogue.error ? (
          <LoadFailed what="互认目录" error={catalogue.error} onRetry={catalogue.reload} />
        ) : (
          <Table<ResultCatalogueItem>
            data-testid="catalogue-table"
            rowKey="code"
            size="middle"
            loading={catalogue.loading}
            columns={columns}
            dataSource={shown}
            pagination={{ pageSize: 30, hideOnSinglePage: true }}
            locale={{ emptyText: catalogue.loading ? ' ' : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有匹配的项目" /> }}
            onRow={(i) => ({ 'data-testid': 'catalogue-row', 'data-code': i.code }) as HTMLAttributes<HTMLElement>}
          />
        )}
      </Card>
      <EditItemModal
        item={editing}
        onClose={() => setEditing(null)}
        onSaved={(item) => {
          setEditing(null);
          void message.success(`已保存：${item.name}`);
          catalogue.reload();
        }}
      />
    </Space>
  );
}

interface EditForm {
  recognised: boolean;
  validityDays: number;
  holdForReview: boolean;
}

function EditItemModal({ item, onClose, onSaved }: { item: ResultCatalogueItem | null; onClose: () => void; onSaved: (item: ResultCatalogueItem) => void }) {
  const [form] = Form.useForm<EditForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const recognised = Form.useWatch('recognised', form);
  useFieldsFor(form, item, (i) => ({ recognised: i.recognised, validityDays: i.validityDays, holdForReview: i.holdForReview }));
  const submit = async (values: EditForm) => {
    if (!item) return;
    setSaving(true);
    setError(undefined);
    try {
      onSaved(await updateCatalogueItem(item.code, values));
    } catch (err) {
      if (err instanceof ApiError && err.field === 'validityDays') form.setFields([{ name: 'validityDays', errors: [err.message] }]);
      else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={item !== null}
      title={item ? `修改：${item.name}` : '修改'}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      afterClose={() => setError(undefined)}
      okButtonProps={{ 'data-testid': 'catalogue-save' }}
    >
      {item && (
        <Form<EditForm> form={form} layout="vertical" preserve={false} onFinish={submit} style={{ marginTop: 12 }}>
          <Form.Item name="recognised" label="在医共体内互认" valuePropName="checked" extra="互认的结果在居民端和接诊医生处标注互认标识">
            <Switch checkedChildren="互认" unCheckedChildren="不互认" data-testid="catalogue-recognised" />
          </Form.Item>
          <Form.Item
            name="validityDays"
            label="互认有效期（天）"
            extra="从结果日期算起。变化快的项目（如电解质）宜短，如 7 天；多数生化 30 天"
            rules={[{ required: true, message: '请填写有效期' }, schemaRule(UpdateCatalogueItemSchema.shape.validityDays)]}
          >
            <InputNumber precision={0} disabled={!recognised} addonAfter="天" style={{ width: 200 }} data-testid="catalogue-validity" />
          </Form.Item>
          <Form.Item name="holdForReview" label="需医生审核后发布给居民" valuePropName="checked">
            <Switch data-testid="catalogue-hold" />
          </Form.Item>
        </Form>
      )}
      {error && <Alert type="error" showIcon message={error} data-testid="catalogue-error" />}
    </Modal>
  );
}
