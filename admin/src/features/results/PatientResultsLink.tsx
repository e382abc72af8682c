import { FileSearchOutlined } from '@ant-design/icons';
import type { Patient } from '@ygt/shared';
import { Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { PatientResultsState } from './PatientResultsPage';

/** On the 患者查询 card: opens the patient's results (the page's reads are audited). */
export function PatientResultsLink({ patient }: { patient: Patient }) {
  const navigate = useNavigate();
  const state: PatientResultsState = { name: patient.name };
  return (
    <Button icon={<FileSearchOutlined />} onClick={() => navigate(`/results/patients/${encodeURIComponent(patient.personId)}`, { state })} data-testid="patient-open-results">
      检查检验结果
    </Button>
  );
}
