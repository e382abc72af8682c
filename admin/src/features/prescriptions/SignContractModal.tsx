import { localDate, type DoctorTeam, type Facility, type Patient } from '@ygt/shared';
import { Alert, App, DatePicker, Form, Modal, Select, Typography, type ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { useRequest } from '../../api/useRequest';
import { listFacilities } from '../community/api';
import { listDoctorTeams, signFamilyDoctorContract } from './api';

interface SignForm {
  teamId: string;
  villageClinicId?: string;
  startsOn: Dayjs;
}

async function loadChoices(signal: AbortSignal): Promise<{ teams: DoctorTeam[]; villages: Facility[] }> {
  const [teams, villages] = await Promise.all([listDoctorTeams(signal), listFacilities({ level: 'village' }, signal)]);
  return { teams, villages };
}

/**
 * 家庭医生签约 for a patient found in 患者查询: a team of this facility, the village clinic that
 * follows the patient up (one of the team's township), for one year from the start date.
 */
export function SignContractModal({ open, patient, onClose, onSigned }: { open: boolean; patient: Patient; onClose: () => void; onSigned: () => void }) {
  const { message } = App.useApp();
  const choices = useRequest((signal) => (open ? loadChoices(signal) : Promise.resolve(undefined)), [open]);
  const [form] = Form.useForm<SignForm>();
  const [saving, setSaving] = useState(false);
  const teamId = Form.useWatch('teamId', form);
  const startsOn = Form.useWatch('startsOn', form);
  const team = choices.data?.teams.find((t) => t.id === teamId);
  // Today where the county is, whatever the computer's time zone (the server refuses an earlier start).
  const today = localDate(Date.now());
  const villages = (choices.data?.villages ?? []).filter((v) => team && v.parentId === team.facility.id);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await signFamilyDoctorContract(patient.personId, {
        teamId: values.teamId,
        villageClinicId: values.villageClinicId,
        startsOn: values.startsOn.format('YYYY-MM-DD'),
      });
      void message.success(`${patient.name} 已签约家庭医生`);
      onSigned();
    } catch (err) {
      if (err instanceof ApiError && (err.field === 'teamId' || err.field === 'villageClinicId' || err.field === 'startsOn')) form.setFields([{ name: err.field, errors: [err.message] }]);
      else message.error(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`家庭医生签约：${patient.name}`}
      okText="签约"
      cancelText="取消"
      confirmLoading={saving}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ disabled: !choices.data?.teams.length, 'data-testid': 'contract-submit' } as ButtonProps}
    >
      {choices.error ? (
        <Alert type="error" showIcon message="签约选项没有加载出来" description={choices.error} />
      ) : choices.data && choices.data.teams.length === 0 ? (
        <Alert type="info" showIcon message="本机构还没有家庭医生团队，请联系医共体管理员添加后再签约。" />
      ) : (
        <Form<SignForm> form={form} layout="vertical" preserve={false} initialValues={{ startsOn: dayjs(today) }}>
          <Form.Item name="teamId" label="家庭医生团队" rules={[{ required: true, message: '请选择家庭医生团队' }]}>
            <Select
              loading={choices.loading}
              placeholder="选择团队"
              onChange={() => form.setFieldValue('villageClinicId', undefined)}
              options={(choices.data?.teams ?? []).map((t) => ({
                value: t.id,
                label: `${t.name}（${t.facility.name}：${t.members.map((m) => `${m.name} ${m.titleLabel}`).join('、')}）`,
              }))}
              classNames={{ popup: { root: 'contract-team-popup' } }}
              data-testid="contract-team"
            />
          </Form.Item>
          <Form.Item name="villageClinicId" label="随访村卫生室（选填）" extra="患者常去的村卫生室，由村医负责日常随访和取药">
            <Select
              allowClear
              disabled={!team}
              placeholder={team ? '选择村卫生室' : '请先选择团队'}
              options={villages.map((v) => ({ value: v.id, label: v.name }))}
              classNames={{ popup: { root: 'contract-village-popup' } }}
              data-testid="contract-village"
            />
          </Form.Item>
          <Form.Item name="startsOn" label="开始日期" rules={[{ required: true, message: '请选择开始日期' }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
          </Form.Item>
          {startsOn && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="contract-term">
              签约一年：{startsOn.format('YYYY-MM-DD')} 至 {startsOn.add(365, 'day').subtract(1, 'day').format('YYYY-MM-DD')}
            </Typography.Paragraph>
          )}
        </Form>
      )}
    </Modal>
  );
}
