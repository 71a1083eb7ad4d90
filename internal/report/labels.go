package report

import "github.com/relais-dev/relais/internal/relais"

// labels are the report's words in each supported locale.
var labels = map[string]map[string]string{
	"en": {
		"title": "Community report", "period": "Period", "generated": "Generated",
		"kpis": "Key figures", "vsPrevious": "vs previous period", "perDay": "Interactions per day",
		"posts": "Published posts", "none": "No activity in this period.", "scheduledFor": "planned",
		"publishedAt": "published", "day": "Day", "new": "new", "same": "unchanged",
		relais.CountPostsPublished: "Posts published", relais.CountPostsFailed: "Posts failed",
		relais.CountPostsScheduled: "Posts scheduled", relais.CountPostsNeedsAttention: "Posts needing attention",
		relais.CountInteractions: "Interactions", relais.CountHidden: "Comments hidden",
		relais.CountReview: "Flagged for review", relais.CountAllowed: "Comments allowed",
	},
	"fr": {
		"title": "Rapport communauté", "period": "Période", "generated": "Généré le",
		"kpis": "Chiffres clés", "vsPrevious": "par rapport à la période précédente", "perDay": "Interactions par jour",
		"posts": "Publications", "none": "Aucune activité sur cette période.", "scheduledFor": "prévue",
		"publishedAt": "publiée", "day": "Jour", "new": "nouveau", "same": "stable",
		relais.CountPostsPublished: "Publications parues", relais.CountPostsFailed: "Publications en échec",
		relais.CountPostsScheduled: "Publications programmées", relais.CountPostsNeedsAttention: "Publications à vérifier",
		relais.CountInteractions: "Interactions", relais.CountHidden: "Commentaires masqués",
		relais.CountReview: "À relire", relais.CountAllowed: "Commentaires acceptés",
	},
}

// kpis are the counters a report shows, in order.
var kpis = []string{
	relais.CountPostsPublished, relais.CountPostsFailed, relais.CountPostsNeedsAttention,
	relais.CountInteractions, relais.CountHidden, relais.CountReview,
}
