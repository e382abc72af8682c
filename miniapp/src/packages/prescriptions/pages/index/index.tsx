import { ComingSoon } from '../../../../components/coming-soon';

export default function PrescriptionsPage() {
  return <ComingSoon service="长处方续方" meanwhile="现在需要续开慢性病的药，请找您的家庭医生或到卫生院开药。" />;
}
