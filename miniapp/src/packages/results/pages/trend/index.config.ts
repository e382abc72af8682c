export default definePageConfig({
  navigationBarTitleText: '指标变化',
});
