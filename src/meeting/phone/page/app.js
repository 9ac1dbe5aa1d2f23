// The phone page: enter the code, grade every secretary, confirm, submit once.
(function () {
  "use strict";
  var GRADES = [["good", "好"], ["fairly_good", "较好"], ["fair", "一般"], ["poor", "差"]];
  var state = { code: "", people: [], grades: [] };
  function $(id) { return document.getElementById(id); }
  function show(step) {
    ["step-code", "step-form", "step-confirm", "step-done"].forEach(function (s) { $(s).hidden = s !== step; });
    window.scrollTo(0, 0);
  }
  function say(text) { var m = $("message"); m.textContent = text || ""; m.hidden = !text; }
  function request(method, url, body) {
    return fetch(url, {
      method: method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || "提交失败，请稍后重试。");
        return data;
      }, function () { throw new Error("服务器没有正常回应，请稍后重试或联系会务工作人员。"); });
    }, function () { throw new Error("连不上测评服务器。请确认手机连的是会场的无线网络。"); });
  }
  function render() {
    var list = $("people");
    list.textContent = "";
    state.people.forEach(function (person, i) {
      var item = document.createElement("li");
      item.className = "person";
      var name = document.createElement("div");
      name.className = "name";
      name.textContent = (i + 1) + ". " + person.name;
      // The 党组织 tells apart secretaries of one hospital whose posts read alike.
      var organization = document.createElement("div");
      organization.className = "organization";
      organization.textContent = person.organization;
      var post = document.createElement("div");
      post.className = "post";
      post.textContent = person.post;
      var row = document.createElement("div");
      row.className = "grades";
      GRADES.forEach(function (g) {
        var b = document.createElement("button");
        b.type = "button";
        b.textContent = g[1];
        b.setAttribute("data-grade", g[0]);
        if (state.grades[i] === g[0]) b.className = "chosen";
        b.addEventListener("click", function () { state.grades[i] = state.grades[i] === g[0] ? null : g[0]; render(); });
        row.appendChild(b);
      });
      item.appendChild(name); item.appendChild(organization); item.appendChild(post); item.appendChild(row);
      list.appendChild(item);
    });
  }
  $("start").addEventListener("click", function () {
    say("");
    state.code = $("code").value;
    request("GET", "/api/form?code=" + encodeURIComponent(state.code)).then(function (form) {
      state.people = form.secretaries;
      state.grades = form.secretaries.map(function () { return null; });
      $("category").textContent = form.title + " · 您的类别：" + form.category;
      render();
      show("step-form");
    }, function (e) { say(e.message); });
  });
  $("review").addEventListener("click", function () {
    var summary = $("summary");
    summary.textContent = "";
    var missing = 0;
    state.people.forEach(function (person, i) {
      var li = document.createElement("li");
      var grade = GRADES.filter(function (g) { return g[0] === state.grades[i]; })[0];
      if (!grade) missing += 1;
      var who = person.organization ? person.name + "（" + person.organization + "）" : person.name;
      li.textContent = who + "：" + (grade ? grade[1] : "未评价");
      summary.appendChild(li);
    });
    $("missing").textContent = missing ? ("有 " + missing + " 位未评价，未评价的按弃权处理。") : "";
    show("step-confirm");
  });
  $("back").addEventListener("click", function () { show("step-form"); });
  $("submit").addEventListener("click", function () {
    say("");
    $("submit").disabled = true;
    request("POST", "/api/ballot", { code: state.code, grades: state.grades, suggestions: $("suggestions").value })
      .then(function () { show("step-done"); }, function (e) { say(e.message); $("submit").disabled = false; });
  });
  var fromLink = new URLSearchParams(location.search).get("c");
  if (fromLink) $("code").value = fromLink;
})();
