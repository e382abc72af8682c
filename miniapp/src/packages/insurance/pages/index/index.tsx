import { ComingSoon } from '../../../../components/coming-soon';

export default function InsurancePage() {
  return <ComingSoon service="医保报销" meanwhile="现在要问报销的事，请到医院的医保窗口或乡镇卫生院咨询。" />;
}
