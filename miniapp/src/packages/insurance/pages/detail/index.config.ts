export default definePageConfig({
  navigationBarTitleText: '结算明细',
});
