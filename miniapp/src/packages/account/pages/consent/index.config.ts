export default definePageConfig({
  navigationBarTitleText: '健康信息单独同意',
});
