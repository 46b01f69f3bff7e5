# Reference values for @crmkit/analytics, computed with R's own implementations.
#
# Run from anywhere:   Rscript packages/analytics/src/__fixtures__/reference.R
# Needs Debian's r-base-core and r-cran-modeldata (apt-get install -y r-base-core r-cran-modeldata), and
# r-cran-cluster for the silhouette widths (written as null without it).
# It reads the CSV files beside it (the same bytes the TypeScript tests read), checks they
# equal R's bundled datasets, and writes the JSON fixtures beside itself. jsonlite is not
# assumed to be installed, so JSON is written by hand with 17 significant digits (enough to
# round-trip every IEEE double).
#
# rfm: the rfm package is not packaged for Debian (`apt-cache search r-cran-rfm` is empty),
# so rfm-expected.json is transcribed from the rfm package's own tests instead (see the
# `source` fields in that file); this script does not write it.

args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1L) dirname(normalizePath(file_arg)) else getwd()
path <- function(name) file.path(here, name)

num <- function(x) {
  if (length(x) == 0L) return("[]")
  s <- ifelse(is.na(x), "null", sprintf("%.17g", x))
  s
}
arr <- function(x) paste0("[", paste(num(as.numeric(x)), collapse = ", "), "]")
str_arr <- function(x) paste0("[", paste0('"', x, '"', collapse = ", "), "]")
obj <- function(...) {
  fields <- list(...)
  body <- vapply(names(fields), function(k) paste0('  "', k, '": ', fields[[k]]), "")
  paste0("{\n", paste(body, collapse = ",\n"), "\n}")
}
scalar <- function(x) num(as.numeric(x))
write_json <- function(name, text) {
  writeLines(text, path(name))
  cat("wrote", name, "\n")
}
meta <- function(what) {
  paste0('"', gsub('"', '\\\\"', what), "; R ", R.version$major, ".", R.version$minor, '"')
}

# ---------------------------------------------------------------- glm binomial on mlc_churn
churn <- read.csv(path("mlc-churn.csv"), stringsAsFactors = FALSE)
library(modeldata)
data(mlc_churn, package = "modeldata")
stopifnot(nrow(churn) == nrow(mlc_churn),
          all.equal(churn$total_day_minutes, mlc_churn$total_day_minutes),
          all(churn$churn == as.character(mlc_churn$churn)))

predictors <- c("account_length", "number_vmail_messages", "total_day_minutes", "total_day_calls",
                "total_eve_minutes", "total_eve_calls", "total_night_minutes", "total_night_calls",
                "total_intl_minutes", "total_intl_calls", "number_customer_service_calls")
X <- as.matrix(churn[, predictors])
X <- cbind(X, international_plan = as.numeric(churn$international_plan == "yes"),
              voice_mail_plan = as.numeric(churn$voice_mail_plan == "yes"))
# modeldata's factor has levels c("yes", "no"), so glm(churn ~ .) would model P(no): code yes = 1 explicitly.
y <- as.numeric(churn$churn == "yes")

glm_json <- function(fit, weights_text) {
  s <- summary(fit)$coefficients
  obj(
    meta = meta("glm(y ~ X, family = binomial()) with glm.control() defaults (epsilon 1e-8, maxit 25)"),
    predictors = str_arr(c("(Intercept)", colnames(X))),
    weights = weights_text,
    coefficients = arr(s[, 1]),
    standardErrors = arr(s[, 2]),
    zValues = arr(s[, 3]),
    pValues = arr(s[, 4]),
    deviance = scalar(fit$deviance),
    nullDeviance = scalar(fit$null.deviance),
    aic = scalar(fit$aic),
    iterations = scalar(fit$iter),
    dfResidual = scalar(fit$df.residual),
    firstFitted = arr(head(fitted(fit), 10))
  )
}
fit <- glm(y ~ X, family = binomial())
write_json("glm-churn.json", glm_json(fit, '"none"'))

# prior weights exercise the weighted IRLS path and the binomial AIC with weights
w <- (churn$account_length %% 3) + 1
fit_w <- glm(y ~ X, family = binomial(), weights = w)
write_json("glm-churn-weighted.json", glm_json(fit_w, '"(account_length %% 3) + 1"'))

# ---------------------------------------------------------------- kmeans Lloyd on iris
iris_csv <- read.csv(path("iris.csv"), stringsAsFactors = FALSE)
P <- as.matrix(iris_csv[, 1:4])
stopifnot(isTRUE(all.equal(unname(P), unname(as.matrix(iris[, 1:4])))))
kmeans_json <- function(rows) {
  km <- kmeans(P, centers = P[rows, ], algorithm = "Lloyd", iter.max = 100)
  obj(
    meta = meta('kmeans(x, centers = x[startRows, ], algorithm = "Lloyd", iter.max = 100)'),
    startRows = arr(rows - 1L),  # 0-based for TypeScript
    sizes = arr(km$size),
    withinSS = arr(km$withinss),
    totWithinSS = scalar(km$tot.withinss),
    totSS = scalar(km$totss),
    iterations = scalar(km$iter),
    assignments = arr(km$cluster - 1L),
    centroids = paste0("[", paste(apply(km$centers, 1, arr), collapse = ", "), "]"),
    # cluster is a recommended package (Debian: r-cran-cluster); silhouette is checked only when present
    silhouetteWidths = if (requireNamespace("cluster", quietly = TRUE))
      arr(cluster::silhouette(km$cluster, dist(P))[, "sil_width"]) else "null"
  )
}
write_json("kmeans-iris-k3.json", kmeans_json(c(1L, 51L, 101L)))
write_json("kmeans-iris-k4.json", kmeans_json(c(1L, 51L, 101L, 120L)))

# ---------------------------------------------------------------- lm on iris
lm_json <- function(fit, label) {
  s <- summary(fit)
  cf <- s$coefficients
  obj(
    meta = meta(label),
    coefficients = arr(cf[, 1]),
    standardErrors = arr(cf[, 2]),
    tValues = arr(cf[, 3]),
    pValues = arr(cf[, 4]),
    sigma = scalar(s$sigma),
    rSquared = scalar(s$r.squared),
    adjustedRSquared = scalar(s$adj.r.squared),
    dfResidual = scalar(fit$df.residual)
  )
}
write_json("lm-iris.json", lm_json(lm(Sepal.Length ~ Sepal.Width + Petal.Length + Petal.Width, data = iris_csv),
                                   "lm(Sepal.Length ~ Sepal.Width + Petal.Length + Petal.Width, iris)"))
write_json("lm-iris-weighted.json",
           lm_json(lm(Sepal.Length ~ Sepal.Width + Petal.Length + Petal.Width, data = iris_csv,
                      weights = rep(c(1, 2, 3), 50)),
                   "lm(Sepal.Length ~ Sepal.Width + Petal.Length + Petal.Width, iris, weights = rep(c(1, 2, 3), 50))"))

# ---------------------------------------------------------------- distribution functions
x_norm <- c(-40, -10, -5.7, -3, -1.5, -0.5, 0, 0.3, 0.66291, 2, 5.6, 8)
p_norm <- c(1e-300, 1e-20, 1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999)
t_vals <- c(0.1, 1, 2.5, 6)
t_dfs <- c(1, 5, 30, 1000)
write_json("distributions.json", obj(
  meta = meta("pnorm, qnorm, lgamma, 2 * pt(-|t|, df)"),
  pnormX = arr(x_norm), pnorm = arr(pnorm(x_norm)),
  qnormP = arr(p_norm), qnorm = arr(qnorm(p_norm)),
  lgammaX = arr(c(0.5, 1, 2, 3.5, 10, 100.5, 1e5)), lgamma = arr(lgamma(c(0.5, 1, 2, 3.5, 10, 100.5, 1e5))),
  tValues = arr(t_vals), tDfs = arr(t_dfs),
  tPValues = paste0("[", paste(sapply(t_dfs, function(df) arr(2 * pt(-abs(t_vals), df))), collapse = ", "), "]")
))

# ---------------------------------------------------------------- HoltWinters
hw_json <- function(fit, label, h) {
  pr <- predict(fit, n.ahead = h, prediction.interval = TRUE, level = 0.95)
  cf <- coef(fit)
  obj(
    meta = meta(label),
    alpha = scalar(fit$alpha),
    beta = scalar(fit$beta),
    gamma = scalar(fit$gamma),
    sse = scalar(fit$SSE),
    level = scalar(cf["a"]),
    trend = scalar(cf["b"]),
    seasonal = arr(cf[grep("^s", names(cf))]),
    fitted = arr(fit$fitted[, "xhat"]),
    horizon = scalar(h),
    forecast = arr(pr[, "fit"]),
    upper95 = arr(pr[, "upr"]),
    lower95 = arr(pr[, "lwr"])
  )
}
co2_csv <- read.csv(path("co2.csv"))
co2_ts <- ts(co2_csv$value, start = c(co2_csv$year[1], co2_csv$month[1]), frequency = 12)
stopifnot(isTRUE(all.equal(as.numeric(co2_ts), as.numeric(co2))))
write_json("holtwinters-co2-fixed.json",
           hw_json(HoltWinters(co2_ts, alpha = 0.5, beta = 0.01, gamma = 0.5),
                   "HoltWinters(co2, alpha = 0.5, beta = 0.01, gamma = 0.5)", 24))
write_json("holtwinters-co2-optimised.json",
           hw_json(HoltWinters(co2_ts), "HoltWinters(co2) (L-BFGS-B from 0.3/0.1/0.1)", 24))

ap_csv <- read.csv(path("air-passengers.csv"))
ap_ts <- ts(ap_csv$value, start = c(ap_csv$year[1], ap_csv$month[1]), frequency = 12)
stopifnot(isTRUE(all.equal(as.numeric(ap_ts), as.numeric(AirPassengers))))
write_json("holtwinters-airpassengers-fixed.json",
           hw_json(HoltWinters(ap_ts, alpha = 0.3, beta = 0.05, gamma = 0.6, seasonal = "multiplicative"),
                   'HoltWinters(AirPassengers, alpha = 0.3, beta = 0.05, gamma = 0.6, seasonal = "multiplicative")', 12))
write_json("holtwinters-airpassengers-optimised.json",
           hw_json(HoltWinters(ap_ts, seasonal = "multiplicative"),
                   'HoltWinters(AirPassengers, seasonal = "multiplicative") (L-BFGS-B from 0.3/0.1/0.1)', 12))
