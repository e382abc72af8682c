import { CreateStaffSchema, STAFF_ROLE_LABELS, type Facility, type StaffProfile, type StaffRole } from '@ygt/shared';
import { Alert, Button, Checkbox, Col, Form, Input, Modal, Row, Select, Space } from 'antd';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { schemaRule, showFieldError } from '../../app/forms';
import { listDoctors } from '../community/api';
import { townshipText } from '../community/labels';
import { createStaffAccount, type CreateStaffInput } from './api';
import { generatePassword } from './password';

interface CreateStaffForm {
  username: string;
  name: string;
  password: string;
  roles: StaffRole[];
  facilityIds: string[];
  doctorId?: string;
}

const FIELDS = ['username', 'name', 'password', 'roles', 'facilityIds', 'doctorId'] as const;
const ROLES = Object.keys(STAFF_ROLE_LABELS) as StaffRole[];
const rules = CreateStaffSchema.shape;

interface CreateStaffModalProps {
  open: boolean;
  /** The community's facilities, in the API's order (county first, then each township and its villages). */
  facilities: Facility[];
  /** Why the facilities could not be loaded, shown in the picker. */
  facilitiesError?: string;
  onClose: () => void;
  onCreated: (staff: StaffProfile) => void;
}

export function CreateStaffModal({ open, facilities, facilitiesError, onClose, onCreated }: CreateStaffModalProps) {
  const [form] = Form.useForm<CreateStaffForm>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  // A generated password is shown, so it can be read out to its owner.
  const [passwordShown, setPasswordShown] = useState(false);
  const roles = Form.useWatch('roles', form) ?? [];
  const facilityIds = Form.useWatch('facilityIds', form) ?? [];
  const isDoctor = roles.includes('doctor');

  // Doctor records of the chosen facilities: a doctor account may be tied to one of them.
  const facilityKey = facilityIds.join(',');
  const doctors = useRequest(
    async (signal) => (isDoctor && facilityIds.length > 0 ? (await Promise.all(facilityIds.map((id) => listDoctors(id, signal)))).flat() : []),
    [isDoctor, facilityKey],
  );
  const facilityNames = useMemo(() => new Map(facilities.map((f) => [f.id, f.name])), [facilities]);

  const submit = async (values: CreateStaffForm) => {
    setSubmitting(true);
    setError(undefined);
    const input: CreateStaffInput = {
      username: values.username.trim(),
      name: values.name.trim(),
      password: values.password,
      roles: values.roles,
      facilityIds: values.facilityIds,
      doctorId: isDoctor ? values.doctorId || undefined : undefined,
    };
    try {
      onCreated(await createStaffAccount(input));
      form.resetFields();
      setPasswordShown(false);
    } catch (err) {
      if (!showFieldError(form, err, FIELDS)) setError(errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  const close = () => {
    setError(undefined);
    onClose();
  };

  return (
    <Modal
      title="新建工作人员账号"
      open={open}
      onCancel={close}
      width={600}
      maskClosable={false}
      footer={[
        <Button key="cancel" onClick={close}>
          取消
        </Button>,
        <Button key="submit" type="primary" loading={submitting} onClick={() => form.submit()} data-testid="staff-submit">
          创建账号
        </Button>,
      ]}
    >
      <Form<CreateStaffForm>
        form={form}
        layout="vertical"
        initialValues={{ roles: [], facilityIds: [] }}
        onFinish={submit}
        onValuesChange={(changed: Partial<CreateStaffForm>) => {
          setError(undefined);
          // A doctor record belongs to one facility: choose again when the facilities or roles change.
          if (changed.facilityIds || changed.roles) form.setFieldValue('doctorId', undefined);
        }}
        style={{ marginTop: 16 }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              label="用户名"
              name="username"
              extra="用于登录，以小写字母开头，如 qs.nurse2"
              rules={[{ required: true, whitespace: true, message: '请输入用户名' }, schemaRule(rules.username)]}
            >
              <Input autoComplete="off" spellCheck={false} maxLength={40} data-testid="staff-form-username" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="姓名"
              name="name"
              extra="与身份证一致"
              rules={[{ required: true, whitespace: true, message: '请输入姓名' }, schemaRule(rules.name)]}
            >
              <Input autoComplete="off" maxLength={30} data-testid="staff-form-name" />
            </Form.Item>
          </Col>
        </Row>

        <Form.Item label="初始密码" required extra="至少10位，须同时包含字母和数字。请当面告知本人，不要通过群聊发送。">
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="password" noStyle rules={[{ required: true, message: '请输入初始密码' }, schemaRule(rules.password)]}>
              <Input.Password
                autoComplete="new-password"
                visibilityToggle={{ visible: passwordShown, onVisibleChange: setPasswordShown }}
                data-testid="staff-form-password"
              />
            </Form.Item>
            <Button
              onClick={() => {
                form.setFields([{ name: 'password', value: generatePassword(), errors: [] }]);
                setPasswordShown(true);
              }}
              data-testid="staff-form-generate"
            >
              随机生成
            </Button>
          </Space.Compact>
        </Form.Item>

        <Form.Item label="角色" name="roles" required rules={[schemaRule(rules.roles)]}>
          <Checkbox.Group options={ROLES.map((role) => ({ value: role, label: STAFF_ROLE_LABELS[role] }))} data-testid="staff-form-roles" />
        </Form.Item>

        <Form.Item
          label="所属机构"
          name="facilityIds"
          required
          extra="只能查看和处理所属机构的居民；乡镇卫生院人员通常同时绑定下属村卫生室"
          rules={[schemaRule(rules.facilityIds)]}
        >
          <Select
            mode="multiple"
            placeholder="输入名称搜索，可多选"
            optionFilterProp="label"
            options={facilityOptions(facilities)}
            notFoundContent={facilitiesError ? `机构列表加载失败：${facilitiesError}，请关闭后刷新页面` : undefined}
            data-testid="staff-form-facilityIds"
          />
        </Form.Item>

        {isDoctor && (
          <Form.Item label="对应的医生档案（可选）" name="doctorId" extra="从所选机构登记的医生中选择本人">
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder={facilityIds.length === 0 ? '请先选择所属机构' : '不关联'}
              disabled={facilityIds.length === 0}
              loading={doctors.loading}
              notFoundContent={doctors.error ?? '所选机构没有登记医生'}
              options={(doctors.data ?? []).map((d) => ({
                value: d.id,
                label: `${d.name}（${d.titleLabel}，${facilityNames.get(d.facilityId) ?? ''}）`,
              }))}
              data-testid="staff-form-doctorId"
            />
          </Form.Item>
        )}

        {error && <Alert type="error" showIcon message={error} data-testid="staff-form-error" />}
      </Form>
    </Modal>
  );
}

/** Facilities grouped as the community is organised: county-level first, then one group per township. */
function facilityOptions(facilities: Facility[]) {
  const groups = new Map<string, { value: string; label: string }[]>();
  for (const f of facilities) {
    const group = townshipText(f.township);
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push({ value: f.id, label: f.name });
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}
