export default definePageConfig({
  navigationBarTitleText: '就诊人详情',
});
