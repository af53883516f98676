CREATE TABLE `red_flags` (
	`race_id` integer NOT NULL,
	`flag` integer NOT NULL,
	`lap` integer NOT NULL,
	`resumed` integer NOT NULL,
	`incident` text,
	`excluded` text,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `flag`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `safety_cars` (
	`race_id` integer NOT NULL,
	`period` integer NOT NULL,
	`cause` text,
	`deployed_lap` integer NOT NULL,
	`retreated_lap` integer,
	`full_laps` integer,
	`source` text NOT NULL,
	PRIMARY KEY(`race_id`, `period`),
	FOREIGN KEY (`race_id`) REFERENCES `races`(`id`) ON UPDATE no action ON DELETE no action
);
