import { ComingSoon } from '../../../../components/coming-soon';

export default function ResultsPage() {
  return <ComingSoon service="报告查询" meanwhile="现在要看化验单、检查报告，请到做检查的医院或卫生院领取。" />;
}
