import { SwapOutlined } from '@ant-design/icons';
import type { Patient } from '@ygt/shared';
import { Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { ReferState } from './labels';
import { useCanReferUp } from './useCanReferUp';

/** 转诊 on 患者查询's patient card: grassroots doctors open an upward referral for the patient they found. */
export function ReferPatientButton({ patient }: { patient: Patient }) {
  const canRefer = useCanReferUp();
  const navigate = useNavigate();
  if (!canRefer) return null;
  const state: ReferState = { referPatient: patient };
  return (
    <Button icon={<SwapOutlined />} onClick={() => navigate('/referrals', { state })} data-testid="patient-refer">
      转诊
    </Button>
  );
}
