export default definePageConfig({
  navigationBarTitleText: '医共通',
});
