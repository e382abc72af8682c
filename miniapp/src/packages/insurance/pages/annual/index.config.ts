export default definePageConfig({
  navigationBarTitleText: '年度报销概况',
});
