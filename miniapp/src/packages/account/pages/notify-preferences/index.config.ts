export default definePageConfig({
  navigationBarTitleText: '通知方式',
});
