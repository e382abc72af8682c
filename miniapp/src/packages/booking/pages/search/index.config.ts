export default definePageConfig({
  navigationBarTitleText: '搜医生',
});
