import { CreateInteropClientSchema, type Facility } from '@ygt/shared';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api/client';
import { schemaRule, showFieldError } from '../../app/forms';
import { createInteropClient, type CreateInteropClient, type InteropClientSecret } from './api';

const FIELDS = ['facilityId', 'name', 'clientId'] as const;

/** 新建对接客户端: the facility whose results the system sends, a name, and the id it signs in with. */
export function CreateClientModal({
  open,
  facilities,
  onClose,
  onCreated,
}: {
  open: boolean;
  facilities: Facility[];
  onClose: () => void;
  onCreated: (client: InteropClientSecret) => void;
}) {
  const [form] = Form.useForm<CreateInteropClient>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async (values: CreateInteropClient) => {
    setSaving(true);
    setError(undefined);
    try {
      onCreated(await createInteropClient(values));
    } catch (err) {
      if (!showFieldError(form, err, FIELDS)) setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  // A sensible id from the facility's code (YX-T02 -> yx-t02-lis), left alone once typed.
  const suggest = (facilityId: string) => {
    const facility = facilities.find((f) => f.id === facilityId);
    if (!facility) return;
    if (!form.isFieldTouched('clientId')) form.setFieldValue('clientId', `${facility.code.toLowerCase()}-lis`);
    if (!form.isFieldTouched('name')) form.setFieldValue('name', `${facility.name}检验系统`);
  };

  return (
    <Modal
      open={open}
      title="新建对接客户端"
      okText="创建并生成密钥"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      afterClose={() => setError(undefined)}
      okButtonProps={{ 'data-testid': 'interop-create-submit' }}
    >
      <Form<CreateInteropClient> form={form} layout="vertical" preserve={false} onFinish={submit} onValuesChange={() => setError(undefined)} style={{ marginTop: 12 }}>
        <Form.Item name="facilityId" label="机构" extra="该系统只能提交本机构的检查检验结果" rules={[{ required: true, message: '请选择机构' }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder="选择机构"
            onChange={suggest}
            options={facilities.map((f) => ({ value: f.id, label: f.name }))}
            data-testid="interop-create-facility"
          />
        </Form.Item>
        <Form.Item name="name" label="系统名称" rules={[{ required: true, message: '请填写系统名称' }, schemaRule(CreateInteropClientSchema.shape.name)]}>
          <Input maxLength={100} placeholder="如：柳河镇中心卫生院检验系统" data-testid="interop-create-name" />
        </Form.Item>
        <Form.Item
          name="clientId"
          label="客户端编号（client_id）"
          extra="3-64位小写字母、数字、点或连字符，创建后不能修改"
          rules={[{ required: true, message: '请填写客户端编号' }, schemaRule(CreateInteropClientSchema.shape.clientId)]}
        >
          <Input maxLength={64} placeholder="如：yx-t02-lis" data-testid="interop-create-client-id" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="interop-create-error" />}
    </Modal>
  );
}
