import { ComingSoon } from '../../../../components/coming-soon';

export default function BookingPage() {
  return <ComingSoon service="预约挂号" meanwhile="现在看病，请直接去医院、卫生院挂号，或打电话问一问。" />;
}
