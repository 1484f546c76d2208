// A question that depends on an earlier answer is shown only while that answer
// is given. Hidden questions have their inputs disabled, so what they hold is
// not sent (and comes back if the question applies again); the resident is told
// when an answer they gave is set aside. The hidden "asked" input lists the
// questions shown, so the server can tell a question not yet seen from one left
// blank. Without JavaScript the server shows the questions that apply each
// time the page comes back.
const surveyForm = document.querySelector("form.survey-form");
if (surveyForm) {
  const asked = surveyForm.querySelector('input[name="asked"]');
  const dependents = [...surveyForm.querySelectorAll("[data-shown-when]")];

  const given = (name) =>
    [...surveyForm.elements]
      .filter((input) => input.name === name && !input.disabled)
      .filter((input) => !["radio", "checkbox"].includes(input.type) || input.checked)
      .map((input) => input.value.trim())
      .filter((value) => value !== "");

  const answered = (inputs) =>
    inputs.some((input) =>
      ["radio", "checkbox"].includes(input.type) ? input.checked : input.value.trim() !== "",
    );

  const update = () => {
    const shown = [];
    for (const question of dependents) {
      const rule = JSON.parse(question.dataset.shownWhen);
      const values = given(rule.field);
      const applies =
        "number" in rule
          ? rule.number !== null && values.some((value) => Number(value) === Number(rule.number))
          : values.some((value) => rule.values.includes(value));
      const inputs = [...question.querySelectorAll("input, select, textarea")];
      const aside = document.getElementById(`${question.id}-aside`);
      if (aside) {
        aside.hidden = applies || !answered(inputs);
      }
      question.hidden = !applies;
      for (const input of inputs) {
        input.disabled = !applies;
      }
      if (applies) {
        shown.push(question.dataset.question);
      }
    }
    if (asked) {
      asked.value = shown.join(",");
    }
  };

  surveyForm.addEventListener("change", update);
  surveyForm.addEventListener("input", update);
  update();
}
