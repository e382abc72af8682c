export default definePageConfig({
  navigationBarTitleText: '专家来我乡',
});
