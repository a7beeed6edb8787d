from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "skillcert.exams"
    label = "exams"
    verbose_name = "机考（理论在线考试）"

    def ready(self):
        from skillcert.arrangement.hooks import theory_exam_window

        from .selectors import exam_window_of_sitting

        theory_exam_window.answer(exam_window_of_sitting)
