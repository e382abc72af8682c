export default definePageConfig({
  navigationBarTitleText: '取药进度',
});
