CREATE TABLE `analysis_usage` (
	`analysis_id` text NOT NULL,
	`operation` text NOT NULL,
	`assistant` text NOT NULL,
	`model` text NOT NULL,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cost_usd` real NOT NULL,
	`model_ms` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`analysis_id`, `operation`)
);
--> statement-breakpoint
CREATE TABLE `metric_series` (
	`name` text NOT NULL,
	`labels` text NOT NULL,
	`field` text NOT NULL,
	`value` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`name`, `labels`, `field`)
);
