import { absoluteExclusion, CreateDrugSchema, type Drug } from '@ygt/shared';
import { Alert, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { schemaRule, showFieldError } from '../../app/forms';
import { createDrug } from './api';
import { type BooleanDrugFlag, CLASS_OPTIONS, DRUG_FLAG_LABELS, PSYCHOTROPIC_LABELS } from './format';

interface NewDrugForm {
  code: string;
  genericName: string;
  strength: string;
  form: string;
  unit: string;
  packSize: number;
  packUnit: string;
  priceYuan: number;
  insuranceClass: Drug['insuranceClass'];
  ticked: BooleanDrugFlag[];
  psychotropic: 'I' | 'II' | 'none';
}

function flagsOf(ticked: BooleanDrugFlag[], psychotropic: 'I' | 'II' | 'none'): Drug['flags'] {
  const has = (k: BooleanDrugFlag) => ticked.includes(k);
  return {
    narcotic: has('narcotic'),
    toxic: has('toxic'),
    radioactive: has('radioactive'),
    precursor: has('precursor'),
    antimicrobial: has('antimicrobial'),
    chronicInfectionException: has('chronicInfectionException'),
    specialStorage: has('specialStorage'),
    psychotropic: psychotropic === 'none' ? null : psychotropic,
  };
}

const FIELDS = ['code', 'genericName', 'strength', 'form', 'unit', 'packSize', 'packUnit', 'insuranceClass'] as const;
const shape = CreateDrugSchema.shape;

/** 新增药品: the catalogue entry as on the purchase list; the flags decide long-prescription use. */
export function NewDrugModal({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (drug: Drug) => void }) {
  const [form] = Form.useForm<NewDrugForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();
  const watched = Form.useWatch([], form) as Partial<NewDrugForm> | undefined;
  // The rule the API applies, in its words, as the boxes are ticked.
  const exclusion = absoluteExclusion({ genericName: watched?.genericName?.trim() || '该药', ...flagsOf(watched?.ticked ?? [], watched?.psychotropic ?? 'none') });

  const submit = async (v: NewDrugForm) => {
    setSaving(true);
    setError(undefined);
    try {
      onCreated(
        await createDrug({
          code: v.code.trim(),
          genericName: v.genericName,
          strength: v.strength,
          form: v.form,
          unit: v.unit,
          packSize: v.packSize,
          packUnit: v.packUnit,
          priceFen: Math.round(v.priceYuan * 100),
          insuranceClass: v.insuranceClass,
          flags: flagsOf(v.ticked, v.psychotropic),
        }),
      );
    } catch (err) {
      if (showFieldError(form, err, FIELDS)) return;
      // The API names its own fields: the price in fen and the flags object stand for two inputs here.
      if (err instanceof ApiError && err.field === 'priceFen') form.setFields([{ name: 'priceYuan', errors: [err.message] }]);
      else if (err instanceof ApiError && err.field?.startsWith('flags')) form.setFields([{ name: 'ticked', errors: [err.message] }]);
      else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const text = (name: (typeof FIELDS)[number], label: string, placeholder: string, span = 8) => (
    <Col span={span}>
      <Form.Item
        name={name}
        label={label}
        // Drug codes are upper case; typed in lower case, they are raised as typed.
        normalize={name === 'code' ? (v: string) => v.toUpperCase() : undefined}
        rules={[{ required: true, message: `请填写${label}` }, schemaRule(shape[name])]}
      >
        <Input placeholder={placeholder} data-testid={`drug-new-${name}`} />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      open={open}
      title="新增药品"
      okText="加入目录"
      cancelText="取消"
      width={720}
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      afterClose={() => setError(undefined)}
      okButtonProps={{ 'data-testid': 'drug-new-submit' }}
      cancelButtonProps={{ 'data-testid': 'drug-new-cancel' }}
    >
      <Form<NewDrugForm>
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={submit}
        onValuesChange={() => setError(undefined)}
        initialValues={{ packUnit: '盒', insuranceClass: 'A', ticked: [], psychotropic: 'none' }}
        style={{ marginTop: 12 }}
      >
        <Row gutter={16}>
          {text('code', '药品编码', '如 YP-AMLD-5')}
          {text('genericName', '通用名', '如 苯磺酸氨氯地平片', 16)}
          {text('strength', '规格', '如 5mg')}
          {text('form', '剂型', '如 片剂')}
          {text('unit', '最小单位', '如 片')}
          <Col span={8}>
            <Form.Item name="packSize" label="每包装数量" rules={[{ required: true, message: '请填写每包装数量' }, schemaRule(shape.packSize)]}>
              <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} data-testid="drug-new-packSize" />
            </Form.Item>
          </Col>
          {text('packUnit', '包装单位', '如 盒')}
          <Col span={8}>
            <Form.Item name="priceYuan" label="单价（元/包装）" rules={[{ required: true, message: '请填写单价' }]}>
              <InputNumber min={0.01} max={100000} precision={2} prefix="¥" style={{ width: '100%' }} data-testid="drug-new-price" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="insuranceClass" label="医保类别" rules={[{ required: true, message: '请选择医保类别' }]}>
              <Select options={CLASS_OPTIONS} data-testid="drug-new-class" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="psychotropic" label="精神药品">
              <Select
                options={[
                  { value: 'none', label: '否' },
                  { value: 'I', label: PSYCHOTROPIC_LABELS.I },
                  { value: 'II', label: PSYCHOTROPIC_LABELS.II },
                ]}
                data-testid="drug-new-psychotropic"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="ticked" label="特殊管理" style={{ marginBottom: 8 }}>
          <Checkbox.Group
            options={(Object.keys(DRUG_FLAG_LABELS) as BooleanDrugFlag[]).map((k) => ({ value: k, label: DRUG_FLAG_LABELS[k] }))}
            style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', rowGap: 6 }}
            data-testid="drug-new-flags"
          />
        </Form.Item>
        <Typography.Text type={exclusion ? 'danger' : 'success'} data-testid="drug-new-long-rx">
          {exclusion ? `${exclusion}。` : '可开具长期处方。'}
        </Typography.Text>
      </Form>
      {error && <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="drug-new-error" />}
    </Modal>
  );
}
